"""Text: the one tokenizer (`tokens`) and the segmentation of an article into lines (`segment`)."""
