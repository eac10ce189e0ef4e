/**
 * The CLIP byte-level BPE tokenizer (OpenAI's {@code bpe_simple_vocab_16e6} vocabulary, as used by
 * open_clip's {@code SimpleTokenizer}, OpenAI's {@code clip.tokenize} and the Hugging Face
 * {@code CLIPTokenizer} of Stable Diffusion), in plain Java with no third-party dependency.
 *
 * <p>Entry point: {@link org.clipfusion.model.tokenizer.ClipTokenizer#load()}. The padding of the fixed-length
 * rows differs between consumers; see {@link org.clipfusion.model.tokenizer.PaddingConvention}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.model.tokenizer;
