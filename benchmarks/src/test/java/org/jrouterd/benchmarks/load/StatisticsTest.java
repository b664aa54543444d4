package org.jrouterd.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void readsUserPlusSystemTicksAfterTheCommandName() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194304 1000 0 0 0 250 50 0 0 20 0 30 0 100 0 0";
        assertThat(ProcessCpu.parseCpuNanos(stat, 100)).isEqualTo(300 * 10_000_000L);
        assertThat(ProcessCpu.parseCpuNanos(stat, 1000)).isEqualTo(300 * 1_000_000L);
    }

    @Test
    void ownCpuTimeIsReadable() {
        assertThat(new ProcessCpu("self").cpuNanos()).isPositive();
        assertThat(new ProcessCpu("999999999").cpuNanos()).isEqualTo(-1);
        long self = new ProcessCpu("self").cpuNanos();
        assertThat(new ProcessCpu(List.of("self", "self")).cpuNanos()).isGreaterThanOrEqualTo(2 * self);
        assertThat(new ProcessCpu(List.of("self", "999999999")).cpuNanos()).isEqualTo(-1);
    }

    @Test
    void warmupMessagesAreCountedButNotMeasured() {
        Measurement window = new Measurement(List.of(), 1, 3);
        LinkStats link = window.newLink();
        link.count(100, 2);
        link.latency(100, 50, 2);
        link.count(200, 2);
        assertThat(window.isOpen()).isFalse();
        link.count(1_000, 2);
        link.latency(1_000, 400, 2);
        link.count(2_000, 2);
        link.count(3_000, 2);
        link.latency(3_000, 2_000, 2);
        RunResult r = window.result(BenchOptions.parse("pair"));
        assertThat(r.received()).isEqualTo(5);
        assertThat(r.measured()).isEqualTo(3);
        assertThat(r.elapsedNanos()).isEqualTo(2_000);
        assertThat(r.throughput()).isCloseTo(1.5e6, within(1.0));
        assertThat(r.latency().getTotalCount()).isEqualTo(2);
        assertThat(r.latency().getMaxValue()).isBetween(999L, 1001L);
    }

    @Test
    void windowCoversEveryLinkAndClosesWhenTheLastCompletes() {
        Measurement window = new Measurement(List.of(), 2, 2);
        LinkStats a = window.newLink();
        LinkStats b = window.newLink();
        LinkStats sender = window.newSideLink();
        sender.sent();
        a.count(1_000, 0);
        b.count(1_500, 0);
        a.count(2_000, 0);
        b.count(5_000, 0);
        RunResult r = window.result(BenchOptions.parse("pair", "--connections", "2"));
        assertThat(r.measured()).isEqualTo(4);
        assertThat(r.sent()).isEqualTo(1);
        assertThat(r.elapsedNanos()).isEqualTo(4_000);
        assertThat(r.selfCpuNanos()).isGreaterThanOrEqualTo(0);
        assertThat(r.cpuNanos()).isEqualTo(-1);
    }

    @Test
    void reportsPercentilesInMicrosecondsAndCpuPerMessage() {
        Histogram latency = new Histogram(LinkStats.HIGHEST_NANOS, 3);
        for (int i = 1; i <= 1000; i++) {
            latency.recordValue(i * 1_000L);
        }
        Histogram empty = new Histogram(LinkStats.HIGHEST_NANOS, 3);
        BenchOptions options = BenchOptions.parse("pair", "--label", "jrouterd \"1\"", "--cpu-pid", "1");
        RunResult r = new RunResult(options, 1000, 1000, 1000, 10_000_000L, latency, empty, 2_000_000L, 5_000_000L);
        assertThat(r.throughput()).isCloseTo(100_000, within(0.01));
        assertThat(r.cpuMicrosPerMessage()).isCloseTo(5.0, within(1e-9));
        assertThat(r.selfCpuMicrosPerMessage()).isCloseTo(2.0, within(1e-9));
        assertThat(RunResult.micros(latency, 50)).isCloseTo(500, within(1.0));
        assertThat(RunResult.micros(latency, 99.9)).isCloseTo(999, within(1.0));

        String json = r.json();
        assertThat(json).startsWith("{\"label\":\"jrouterd \\\"1\\\"\",\"mode\":\"pair\"")
                .contains("\"throughput\":100000.0", "\"cpuUsPerMsg\":5.000", "\"p50\":500.")
                .doesNotContain("rttUs").doesNotContain("\n").endsWith("}}");
        assertThat(r.table()).contains("100,000").contains("5.00 µs/msg").contains("p99.9");
    }

    @Test
    void unknownCpuIsNullInJson() {
        Histogram h = new Histogram(LinkStats.HIGHEST_NANOS, 3);
        RunResult r = new RunResult(BenchOptions.parse("direct"), 0, 0, 0, 0, h, h, -1, -1);
        assertThat(r.throughput()).isZero();
        assertThat(r.json()).contains("\"cpuUsPerMsg\":null", "\"toolCpuUsPerMsg\":null");
    }
}
