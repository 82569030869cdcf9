package dev.citra.cli;

import static dev.citra.cli.Outcome.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code citra serve} and {@code citra bench --serve} refuse bad flags with one sentence (the server's own tests cover HTTP). */
class ServeCommandTest {
    @Test
    void noticesDefaultToNotADiagnosis() {
        Map<String, String> notices = ServeCommand.notices(List.of("skin", "eyes=Drive carefully."));
        assertEquals(ServeCommand.DEFAULT_NOTICE, notices.get("skin"));
        assertTrue(notices.get("skin").contains("not a diagnosis"));
        assertEquals("Drive carefully.", notices.get("eyes"));
        assertThrows(CitraException.class, () -> ServeCommand.notices(List.of("skin=")));
    }

    @Test
    void badFlagsAndMissingModelsAreOneSentence() {
        Outcome missing = run("serve", "--model", "no/such/bundle", "--port", "0");
        assertEquals(Main.USER_ERROR, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Outcome batch = run("serve", "--model", "no/such/bundle", "--max-batch", "0");
        assertEquals(Main.USER_ERROR, batch.code());
        assertTrue(batch.err().contains("largest batch"), batch.err());
        Outcome port = run("serve", "--model", "x", "--port", "70000");
        assertEquals(Main.USER_ERROR, port.code());
        assertTrue(port.err().contains("Port 70000"), port.err());
        Outcome fps = run("serve", "--model", "x", "--live-max-fps", "0");
        assertEquals(Main.USER_ERROR, fps.code());
        assertTrue(fps.err().contains("--live-max-fps must be above 0"), fps.err());
        Outcome pixels = run("serve", "--model", "x", "--live-max-pixels", "0");
        assertEquals(Main.USER_ERROR, pixels.code());
        assertTrue(pixels.err().contains("--live-max-pixels must be positive, not 0."), pixels.err());
        for (String seconds : List.of("0", "3601")) {
            Outcome timeout = run("serve", "--model", "x", "--request-timeout-seconds", seconds);
            assertEquals(Main.USER_ERROR, timeout.code());
            assertTrue(timeout.err().contains("--request-timeout-seconds must be between 1 and 3600, not " + seconds),
                    timeout.err());
        }
        Outcome cascades = run("serve", "--model", "x", "--cascades", "no/such/folder");
        assertEquals(Main.USER_ERROR, cascades.code());
        assertTrue(cascades.err().contains("--cascades no/such/folder is not a folder"), cascades.err());
    }

    @Test
    void benchServeSaysWhenNothingListens() {
        Outcome none = run("bench", "--serve", "http://127.0.0.1:9/", "--seconds", "1");
        assertEquals(Main.USER_ERROR, none.code());
        assertTrue(none.err().contains("Nothing answers at http://127.0.0.1:9/"), none.err());
        Outcome interval = run("bench", "--serve", "http://127.0.0.1:9/", "--soak-interval", "0");
        assertEquals(Main.USER_ERROR, interval.code());
        assertTrue(interval.err().contains("--soak-interval must be at least 1 second"), interval.err());
    }
}
