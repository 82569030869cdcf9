package dev.citra.train;

import dev.citra.CitraException;

/** The callbacks every run has: early stopping and learning-rate reduction on a plateau. */
public record CallbacksConfig(EarlyStoppingConfig earlyStopping, ReduceLrConfig reduceLr) {

    static CallbacksConfig from(OptionValues v) {
        return new CallbacksConfig(
                new EarlyStoppingConfig(v.get(TrainOptions.PATIENCE), v.get(TrainOptions.MONITOR),
                        v.get(TrainOptions.MODE), v.get(TrainOptions.MIN_DELTA), v.get(TrainOptions.RESTORE_BEST)),
                new ReduceLrConfig(v.get(TrainOptions.LR_PATIENCE), v.get(TrainOptions.LR_MONITOR),
                        v.get(TrainOptions.LR_MODE), v.get(TrainOptions.LR_FACTOR), v.get(TrainOptions.MIN_LR),
                        v.get(TrainOptions.LR_MIN_DELTA)));
    }

    void into(OptionValues v) {
        v.set(TrainOptions.PATIENCE, earlyStopping.patience()).set(TrainOptions.MONITOR, earlyStopping.monitor())
                .set(TrainOptions.MODE, earlyStopping.mode()).set(TrainOptions.MIN_DELTA, earlyStopping.minDelta())
                .set(TrainOptions.RESTORE_BEST, earlyStopping.restoreBest());
        v.set(TrainOptions.LR_PATIENCE, reduceLr.patience()).set(TrainOptions.LR_MONITOR, reduceLr.monitor())
                .set(TrainOptions.LR_MODE, reduceLr.mode()).set(TrainOptions.LR_FACTOR, reduceLr.factor())
                .set(TrainOptions.MIN_LR, reduceLr.minLr()).set(TrainOptions.LR_MIN_DELTA, reduceLr.minDelta());
    }

    void validate() {
        TrainOptions.PATIENCE.check(earlyStopping.patience());
        Monitor.of(earlyStopping.monitor(), earlyStopping.mode());
        Monitor.of(reduceLr.monitor(), reduceLr.mode());
        TrainOptions.LR_PATIENCE.check(reduceLr.patience());
        if (!(reduceLr.factor() > 0 && reduceLr.factor() < 1)) {
            throw new CitraException("--lr-factor must be between 0 and 1, not " + reduceLr.factor() + ".");
        }
    }
}
