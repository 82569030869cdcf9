package dev.citra.train;

import java.util.function.Consumer;

/**
 * Puts a {@link LrSchedule} in charge of the learning rate when training begins; from then on the
 * loop sets the rate of every step from it. A schedule and LR reduction on a plateau would fight
 * over the same rate, so a run with a schedule trains without the latter. A fine-tuning stage gets
 * a curve of its own: the same kind over {@code fine_tune_epochs} from {@code fine_tune_lr}.
 */
public final class LrScheduler implements TrainingListener {
    private LrSchedule schedule;

    public LrScheduler(LrSchedule schedule) {
        this.schedule = schedule;
    }

    /** The scheduler {@code config} asks for, or null for {@code schedule: constant}. */
    public static LrScheduler of(TrainConfig config) {
        OptimisationConfig o = config.optimisation();
        return o.schedule() == Schedule.CONSTANT ? null
                : new LrScheduler(new LrSchedule(o.schedule(), o.lr(), o.epochs(), o.warmupEpochs()));
    }

    /**
     * The LR reduction a run gets: {@code config}'s, or none under a schedule (then {@code announce}
     * is told that it is off and why).
     */
    public static ReduceLrConfig reduceLr(TrainConfig config, Consumer<String> announce) {
        ReduceLrConfig r = config.callbacks().reduceLr();
        if (config.optimisation().schedule() == Schedule.CONSTANT) {
            return r;
        }
        String name = config.optimisation().schedule().id();
        if (r.patience() > 0) {
            announce.accept("Schedule " + name + " sets the learning rate of every step: LR reduction on a plateau"
                    + " (reduce_lr.patience " + r.patience() + ") is off");
        }
        return new ReduceLrConfig(0, r.monitor(), r.mode(), r.factor(), r.minLr(), r.minDelta());
    }

    /**
     * Switches to the fine-tuning stage's curve: {@code config}'s kind over its fine-tuning epochs,
     * peaking at its fine-tuning rate, after epoch {@code unfrozenAfter}. The warm-up was the first
     * stage's: this curve starts at its peak (one-cycle rises over its usual 30%).
     */
    public void startSecondStage(TrainConfig config, int unfrozenAfter) {
        schedule = new LrSchedule(schedule.kind(), config.fineTuneLrOrDefault(), config.transfer().fineTuneEpochs(), null,
                unfrozenAfter);
    }

    @Override
    public void onTrainBegin(TrainingContext ctx) {
        ctx.setSchedule(schedule);
    }
}
