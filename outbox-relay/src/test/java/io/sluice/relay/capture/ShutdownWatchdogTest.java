package io.sluice.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.LaunchMode;

class ShutdownWatchdogTest {

    @Test
    void aStopThatOutlastsTheTimeoutIsEndedWithTheStatusOfAnInterruptedProcess() {
        AtomicInteger halted = new AtomicInteger(-1);

        ShutdownWatchdog.start(Duration.ofMillis(200), halted::set);

        assertThat(halted).as("halted before the timeout").hasValue(-1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(halted).hasValue(130));
    }

    @Test
    void onlyARelayLaunchedAsAnApplicationIsEndedByTheWatchdog() {
        // a @QuarkusTest stops and starts the application in a JVM that runs the next tests: halting it would end them all
        assertThat(ShutdownWatchdog.armedIn(LaunchMode.NORMAL)).isTrue();
        assertThat(ShutdownWatchdog.armedIn(LaunchMode.TEST)).isFalse();
        assertThat(ShutdownWatchdog.armedIn(LaunchMode.DEVELOPMENT)).isFalse();
    }

    @Test
    void theReportNamesWhatIsStillRunningAndWhere() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stuck-capture-thread");
        stuck.start();
        try {
            await().until(() -> stuck.getState() == Thread.State.WAITING);
            String report = ShutdownWatchdog.describe(Thread.getAllStackTraces());
            assertThat(report).contains("stuck-capture-thread (WAITING)")
                    .contains("java.util.concurrent.CountDownLatch.await(");
        } finally {
            release.countDown();
            stuck.join();
        }
    }
}
