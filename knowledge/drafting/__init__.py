"""Report-section drafting from stored figures and earlier wording, and its .docx export."""
