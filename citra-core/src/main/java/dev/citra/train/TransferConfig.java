package dev.citra.train;

/**
 * Transfer learning: what stays frozen, the fine-tuning stage after it, BatchNorm behaviour and
 * cached backbone features.
 *
 * @param freeze as given; null means the model's default (see {@link TrainConfig#freezeMode()})
 * @param fineTuneLr null for a tenth of {@code lr}
 * @param fineTuneBlocks null for the whole backbone
 * @param bnTrain null for the default of {@link TrainConfig#bnTrainOrDefault()}
 */
public record TransferConfig(Freeze freeze, int trainableBlocks, int fineTuneEpochs, Double fineTuneLr,
        Integer fineTuneBlocks, Boolean bnTrain, boolean cacheFeatures, int cacheViews) {

    static TransferConfig from(OptionValues v) {
        return new TransferConfig(v.get(TrainOptions.FREEZE), v.get(TrainOptions.TRAINABLE_BLOCKS),
                v.get(TrainOptions.FINE_TUNE_EPOCHS), v.get(TrainOptions.FINE_TUNE_LR),
                v.get(TrainOptions.FINE_TUNE_BLOCKS), v.get(TrainOptions.BN_TRAIN), v.get(TrainOptions.CACHE_FEATURES),
                v.get(TrainOptions.CACHE_VIEWS));
    }

    void into(OptionValues v) {
        v.set(TrainOptions.FREEZE, freeze).set(TrainOptions.TRAINABLE_BLOCKS, trainableBlocks)
                .set(TrainOptions.FINE_TUNE_EPOCHS, fineTuneEpochs).set(TrainOptions.FINE_TUNE_LR, fineTuneLr)
                .set(TrainOptions.FINE_TUNE_BLOCKS, fineTuneBlocks).set(TrainOptions.BN_TRAIN, bnTrain)
                .set(TrainOptions.CACHE_FEATURES, cacheFeatures).set(TrainOptions.CACHE_VIEWS, cacheViews);
    }

    /** Checks each value's range; how they fit the model and the freeze is {@link TrainConfig#validate()}'s. */
    void validate() {
        TrainOptions.TRAINABLE_BLOCKS.check(trainableBlocks);
        TrainOptions.FINE_TUNE_EPOCHS.check(fineTuneEpochs);
        if (fineTuneLr != null) {
            OptimisationConfig.checkRate("--fine-tune-lr", fineTuneLr);
        }
        TrainOptions.CACHE_VIEWS.check(cacheViews);
        TrainOptions.FINE_TUNE_BLOCKS.check(fineTuneBlocks);
    }
}
