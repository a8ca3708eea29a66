"""The bundled sample corpus (reports of the fictional xã Tân Phong) that `troly demo` ingests."""
