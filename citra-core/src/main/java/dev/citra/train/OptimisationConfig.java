package dev.citra.train;

import dev.citra.CitraException;
import dev.citra.train.optim.OptimizerKind;

/**
 * How the weights move: epochs, batch size, the optimizer and its rate, decay and schedule, and the
 * regularisation of the targets (label smoothing, mixup, CutMix).
 *
 * @param warmupEpochs null for the schedule's own default
 */
public record OptimisationConfig(int epochs, int batch, double lr, OptimizerKind optimizer, double momentum,
        double weightDecay, Schedule schedule, Double warmupEpochs, double labelSmoothing, double mixup,
        double cutmix) {

    static OptimisationConfig from(OptionValues v) {
        return new OptimisationConfig(v.get(TrainOptions.EPOCHS), v.get(TrainOptions.BATCH), v.get(TrainOptions.LR),
                v.get(TrainOptions.OPTIMIZER), v.get(TrainOptions.MOMENTUM), v.get(TrainOptions.WEIGHT_DECAY),
                v.get(TrainOptions.SCHEDULE), v.get(TrainOptions.WARMUP_EPOCHS), v.get(TrainOptions.LABEL_SMOOTHING),
                v.get(TrainOptions.MIXUP), v.get(TrainOptions.CUTMIX));
    }

    void into(OptionValues v) {
        v.set(TrainOptions.EPOCHS, epochs).set(TrainOptions.BATCH, batch).set(TrainOptions.LR, lr)
                .set(TrainOptions.OPTIMIZER, optimizer).set(TrainOptions.MOMENTUM, momentum)
                .set(TrainOptions.WEIGHT_DECAY, weightDecay).set(TrainOptions.SCHEDULE, schedule)
                .set(TrainOptions.WARMUP_EPOCHS, warmupEpochs).set(TrainOptions.LABEL_SMOOTHING, labelSmoothing)
                .set(TrainOptions.MIXUP, mixup).set(TrainOptions.CUTMIX, cutmix);
    }

    void validate() {
        TrainOptions.EPOCHS.check(epochs);
        TrainOptions.BATCH.check(batch);
        checkRate("--lr", lr);
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            throw new CitraException("--weight-decay must be in [0, 1), not " + weightDecay + ".");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new CitraException("--momentum must be in [0, 1), not " + momentum + ".");
        }
        TrainOptions.LABEL_SMOOTHING.check(labelSmoothing);
        TrainOptions.MIXUP.check(mixup);
        TrainOptions.CUTMIX.check(cutmix);
        validateWarmup();
    }

    /** Warm-up belongs to a schedule and ends before the last epoch. */
    private void validateWarmup() {
        if (warmupEpochs == null) {
            return;
        }
        if (schedule == Schedule.CONSTANT) {
            throw new CitraException("--warmup-epochs " + warmupEpochs + " belongs to a schedule: add --schedule cosine"
                    + " or --schedule one_cycle (or drop --warmup-epochs).");
        }
        if (!(warmupEpochs > 0 && warmupEpochs < epochs)) {
            throw new CitraException("--warmup-epochs must be above 0 and below --epochs (" + epochs + "), not "
                    + warmupEpochs + ".");
        }
    }

    /** A learning rate is above 0 and at most 10 (beyond that, a typo). */
    static void checkRate(String flag, double rate) {
        if (!(rate > 0 && rate <= 10)) {
            throw new CitraException(flag + " must be greater than 0 and at most 10, not " + rate + ".");
        }
    }
}
