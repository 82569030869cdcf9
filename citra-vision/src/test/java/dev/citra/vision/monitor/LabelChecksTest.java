package dev.citra.vision.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelChecksTest {
    @Test
    void theClosedClassIsFoundUnderItsUsualNames() {
        assertEquals(0, LabelChecks.closedIndex("m", List.of("Closed", "Open"), null));
        assertEquals(1, LabelChecks.closedIndex("m", List.of("open", "close"), null));
        assertEquals(1, LabelChecks.closedIndex("m", List.of("Open_Eyes", "Closed_Eyes"), null));
        assertEquals(0, LabelChecks.closedIndex("m", List.of("0", "1"), null));
        assertEquals(1, LabelChecks.closedIndex("m", List.of("awake", "asleep"), "ASLEEP"));
    }

    @Test
    void aModelWithoutAClosedClassIsRefusedWithTheFlag() {
        CitraException e = assertThrows(CitraException.class,
                () -> LabelChecks.closedIndex("fer", List.of("angry", "happy", "sad"), null));
        assertTrue(e.getMessage().contains("--closed-label") && e.getMessage().contains("angry"), e.getMessage());
        CitraException wrong = assertThrows(CitraException.class,
                () -> LabelChecks.closedIndex("m", List.of("Closed", "Open"), "shut"));
        assertTrue(wrong.getMessage().contains("Closed, Open"), wrong.getMessage());
    }

    @Test
    void anEyeStateModelIsNoExpressionModelAndUnusualClassesAreWarnedAbout() {
        CitraException e = assertThrows(CitraException.class,
                () -> LabelChecks.checkExpressions("eyes", List.of("Closed", "Open")));
        assertTrue(e.getMessage().contains("citra watch drowsiness"), e.getMessage());
        assertNull(LabelChecks.checkExpressions("fer", List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise")));
        assertNotNull(LabelChecks.checkExpressions("shapes", List.of("circle", "square")));
    }
}
