package dev.citra.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
    @Test
    void percentilesAreNearestRank() {
        long[] ms = {1_000_000, 2_000_000, 3_000_000, 4_000_000};
        assertEquals(2.0, LoadGenerator.percentile(ms, 0.5));
        assertEquals(4.0, LoadGenerator.percentile(ms, 0.99));
        assertTrue(Double.isNaN(LoadGenerator.percentile(new long[0], 0.5)));
    }

    @Test
    void loadsARunningServerAndReadsItsMemory() throws Exception {
        Metrics metrics = new Metrics();
        try (CitraServer server = fakeServer(metrics)) {
            LoadGenerator load = new LoadGenerator(server.uri());
            LoadGenerator.Result warm = load.run("fake", Fixtures.jpeg(1), 1, 0.2); // warm-up: the first requests load classes
            LoadGenerator.Result r = load.run("fake", Fixtures.jpeg(1), 4, 1);
            assertTrue(r.ok() >= 4, r.toString());
            assertEquals(0, r.refused());
            assertTrue(r.p50Millis() <= r.p99Millis());
            assertTrue(load.residentBytes() > 0);
            assertTrue(metrics.scrape().contains("citra_http_requests_total{route=\"/api/models/{name}/predict\","
                    + "method=\"POST\",status=\"200\"} " + (r.ok() + warm.ok()) + "\n"), "every answered request is counted");
        }
    }

    @Test
    void samplesTheServersMemoryDuringALongRun() throws Exception {
        try (CitraServer server = fakeServer(new Metrics())) {
            List<LoadGenerator.Sample> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
            LoadGenerator.Result r = new LoadGenerator(server.uri()).run("fake", Fixtures.jpeg(2), 2, 1.3,
                    java.time.Duration.ofMillis(400), samples::add);
            assertEquals(3, samples.size(), samples.toString());
            for (int i = 0; i < samples.size(); i++) {
                assertEquals(0.4 * (i + 1), samples.get(i).seconds(), 0.2, samples.toString());
                assertTrue(samples.get(i).residentBytes() > 0);
                assertTrue(i == 0 || samples.get(i).ok() >= samples.get(i - 1).ok(), "counts only grow");
            }
            assertTrue(samples.get(samples.size() - 1).ok() <= r.ok());
        }
    }

    private static CitraServer fakeServer(Metrics metrics) {
        ModelRegistry models = new ModelRegistry(List.of(Fixtures.fake("fake", t -> Fixtures.constant(t, 0),
                Fixtures.settings(8, 1, 64), metrics)));
        return CitraServer.start(ServerConfig.builder().port(0).build(), models, metrics);
    }
}
