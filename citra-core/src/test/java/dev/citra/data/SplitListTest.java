package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitListTest {
    private static final ImageDataset ALL = new ImageDataset(List.of("cat", "dog"), List.of(
            new Sample("cat/a.png", 0, null), new Sample("dog/b.png", 1, null), new Sample("cat/c.png", 0, null),
            new Sample("dog/d.png", 1, null)));

    @Test
    void selectsTheListedFilesInTheListsOrder(@TempDir Path splits) throws Exception {
        Files.writeString(splits.resolve("test.txt"), "dog/d.png\tdog\ncat/a.png\tcat\n");
        SplitList test = SplitList.read(splits, SplitList.Part.parse("TEST"));
        ImageDataset part = test.select(ALL, Path.of("pets"));
        assertEquals(List.of("dog/d.png", "cat/a.png"), part.samples().stream().map(Sample::id).toList());
        assertEquals(List.of(1, 0), part.samples().stream().map(Sample::label).toList());
        assertEquals(ALL.classes(), part.classes());
    }

    @Test
    void refusesDataThatIsNotTheOneTheRunWasTrainedOn(@TempDir Path splits) throws Exception {
        Files.writeString(splits.resolve("val.txt"), "cat/a.png\tcat\ncat/gone.png\tcat\ncat/gone2.png\tcat\n");
        CitraException missing = assertThrows(CitraException.class,
                () -> SplitList.read(splits, SplitList.Part.VAL).select(ALL, Path.of("pets")));
        assertTrue(missing.getMessage().startsWith("2 of the 3 files in ") && missing.getMessage()
                .contains("are not in pets (the first: cat/gone.png)"), missing.getMessage());
        Files.writeString(splits.resolve("train.txt"), "dog/b.png\tcat\n");
        CitraException relabelled = assertThrows(CitraException.class,
                () -> SplitList.read(splits, SplitList.Part.TRAIN).select(ALL, Path.of("pets")));
        assertTrue(relabelled.getMessage().startsWith("'dog/b.png' is 'dog' in pets but 'cat' in "),
                relabelled.getMessage());
    }

    @Test
    void namesTheFileAndTheFixWhenTheListIsMissingEmptyOrDamaged(@TempDir Path splits) throws Exception {
        CitraException absent = assertThrows(CitraException.class, () -> SplitList.read(splits, SplitList.Part.TEST));
        assertTrue(absent.getMessage().contains("test.txt") && absent.getMessage().contains("citra train"),
                absent.getMessage());
        Files.writeString(splits.resolve("test.txt"), "");
        assertTrue(assertThrows(CitraException.class, () -> SplitList.read(splits, SplitList.Part.TEST)).getMessage()
                .contains("test part is empty"));
        Files.writeString(splits.resolve("val.txt"), "cat/a.png\tcat\nno tab here\n");
        assertTrue(assertThrows(CitraException.class, () -> SplitList.read(splits, SplitList.Part.VAL)).getMessage()
                .startsWith("Line 2 of "));
        assertTrue(assertThrows(CitraException.class, () -> SplitList.Part.parse("holdout")).getMessage()
                .contains("use train, val or test"));
    }
}
