"""Question answering: analysis, figure/directive/passage answers, grounding, the optional LLM, evaluation."""
