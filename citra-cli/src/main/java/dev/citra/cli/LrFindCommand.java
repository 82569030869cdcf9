package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.classify.LrFindJob;
import dev.citra.train.LrFinder;
import dev.citra.train.LrSuggestion;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citra lr-find}: the learning-rate range test, with every train option for the data and model. */
@Command(
        name = "lr-find",
        mixinStandardHelpOptions = true,
        modelTransformer = TrainFlags.class,
        header = "Find a learning rate: train briefly at exponentially growing rates and plot the loss.",
        sortOptions = false,
        description = {
            "fastai's learning-rate finder: trains a throwaway copy of the model (every train option applies: data,"
                    + " model, weights, freeze, optimizer, batch, augmentation, balance, label smoothing, mixup) on"
                    + " mini-batches drawn as training draws them while the rate grows"
                    + " from --start-lr to --end-lr, smooths the loss and stops once it diverges (4x its lowest).",
            "Writes runs/lr_find/<name>/lr_find.csv and lr_find.png (loss against the rate, log scale) and prints the"
                    + " suggested rate: the valley (the middle of the longest fall of the loss, fastai's default), with"
                    + " the steepest descent beside it. Train with --lr set to it, or use it as the peak of --schedule"
                    + " one_cycle."
        })
public final class LrFindCommand extends TrainCommand {
    @Option(names = "--start-lr", paramLabel = "RATE", description = "The first rate; default 1e-7.")
    double startLr = LrFinder.defaults().start();

    @Option(names = "--end-lr", paramLabel = "RATE", description = "The last rate; default 10.")
    double endLr = LrFinder.defaults().end();

    @Option(names = "--steps", paramLabel = "N", description = "Mini-batches at most; default 100.")
    int steps = LrFinder.defaults().steps();

    @Override
    public Integer call() {
        if (resume != null) {
            throw new CitraException("lr-find does not resume runs: it trains a throwaway model; drop --resume.");
        }
        if (!(startLr > 0 && endLr > startLr)) {
            throw new CitraException("--start-lr must be above 0 and below --end-lr, not " + startLr + " and " + endLr
                    + ".");
        }
        if (steps < 10 || steps > 10_000) {
            throw new CitraException("--steps must be between 10 and 10000, not " + steps + ".");
        }
        LrFinder defaults = LrFinder.defaults();
        LrFinder finder = new LrFinder(startLr, endLr, steps, defaults.beta(), defaults.divergence());
        LrFindJob.Outcome outcome = new LrFindJob(merged(), finder, System.out).run();
        LrSuggestion s = outcome.result().suggestion();
        System.out.println();
        if (!Double.isNaN(s.valley())) {
            System.out.printf(Locale.ROOT, "Suggested --lr %.3g (valley); steepest descent at %.3g%n", s.valley(),
                    s.steepest());
        }
        System.out.println("Plot:  " + outcome.dir().resolve("lr_find.png"));
        System.out.println("Table: " + outcome.dir().resolve("lr_find.csv"));
        return 0;
    }
}
