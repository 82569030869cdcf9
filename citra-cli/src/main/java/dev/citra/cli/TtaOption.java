package dev.citra.cli;

import dev.citra.infer.TestTimeAugmentation;
import picocli.CommandLine.Option;

/** The {@code --tta} flag of {@code eval} and {@code predict}. */
final class TtaOption {
    @Option(names = "--tta", paramLabel = "VIEWS", defaultValue = "none", description = "Test-time augmentation: none,"
            + " flip (the mirror image too; probabilities averaged) or flips (also upside down, for images with no up"
            + " such as skin lesions); one forward pass per view (default none).")
    String tta;

    TestTimeAugmentation value() {
        return TestTimeAugmentation.parse(tta);
    }
}
