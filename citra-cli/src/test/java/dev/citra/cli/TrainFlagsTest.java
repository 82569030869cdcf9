package dev.citra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.train.TrainOption;
import dev.citra.train.TrainOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** train's flags come from the option table: every one is there, with its help, and lands on its key. */
class TrainFlagsTest {
    @Test
    void flagsLandOnTheirConfigKeys() {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--img-size", "48", "--head-hidden", "128,64", "--grey", "--monitor",
                "val_accuracy", "--cache-features", "false", "--lr", "0.01", "--seed", "7", "--split", "0.7,0.2,0.1");
        Map<String, Object> m = train.overrides();
        assertEquals(48, m.get("img_size"));
        assertEquals(List.of(128, 64), m.get("head.hidden"));
        assertEquals(true, m.get("grey"));
        assertEquals(false, m.get("cache_features"));
        assertEquals("val_accuracy", m.get("early_stopping.monitor"));
        assertEquals("val_accuracy", m.get("reduce_lr.monitor"));
        assertEquals(0.01, m.get("lr"));
        assertEquals(7L, m.get("seed"));
        assertEquals(0.2, m.get("val_split"));
        assertEquals(0.1, m.get("test_split"));
        assertEquals(10, m.size(), m.toString());
    }

    @Test
    void theHelpShowsEveryFlagOfTheTableWithItsDefault() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new TrainCommand());
        cl.setUsageHelpWidth(1000);
        cl.usage(new PrintWriter(out));
        String help = out.toString();
        for (TrainOption<?> option : TrainOptions.ALL) {
            if (option.flag() != null) {
                assertTrue(help.contains(option.flag() + "=") || help.contains(option.flag() + "[="),
                        option.flag() + " missing from the help");
                assertTrue(help.contains(option.flagHelp()), option.flag() + ": help text differs:\n" + option.flagHelp());
            }
        }
        assertTrue(help.contains("--bn-train"));
        assertTrue(help.contains("densenet169"));
    }
}
