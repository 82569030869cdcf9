package dev.citra.caption;

/**
 * The shape of a caption decoder: everything needed to rebuild it before its weights are read.
 *
 * @param kind merge, inject or attention
 * @param vocabulary the number of tokens it predicts over (specials included)
 * @param embed the word-embedding size
 * @param hidden the LSTM's state size (and the merge/attention projection size)
 * @param featureSize the encoder's feature channels (the pooled vector's length)
 * @param regions the encoder grid's cells (height x width) the attention decoder attends over; 1 otherwise
 * @param dropout the dropout rate on the image feature, the embeddings and the LSTM output
 */
public record DecoderSpec(DecoderKind kind, int vocabulary, int embed, int hidden, int featureSize, int regions,
        double dropout) {}
