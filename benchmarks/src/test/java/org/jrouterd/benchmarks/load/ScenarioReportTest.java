package org.jrouterd.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScenarioReportTest {

    private static String run(String label, double throughput, String cpu, String rtt) {
        return "{\"label\":\"" + label + "\",\"mode\":\"pair\",\"throughput\":" + throughput + ",\"cpuUsPerMsg\":" + cpu
                + ",\"toolCpuUsPerMsg\":1.5" + (rtt == null ? "" : ",\"rttUs\":{\"p50\":" + rtt
                + ",\"p90\":2.0,\"p99\":3.0,\"p99.9\":4.5,\"max\":9.0}") + "}";
    }

    @Test
    void mediansIgnoreTheOutliers() {
        assertThat(ScenarioReport.median(new double[] {3, 1, 1000})).isEqualTo(3);
        assertThat(ScenarioReport.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
        assertThat(ScenarioReport.median(new double[0])).isNaN();
    }

    @Test
    void readsTopLevelAndNestedNumbers() {
        String line = run("x", 10, "null", "1.25");
        assertThat(ScenarioReport.number(line, "throughput")).isEqualTo(10.0);
        assertThat(ScenarioReport.number(line, "cpuUsPerMsg")).isNaN();
        assertThat(ScenarioReport.number(line, "rttUs.p50")).isEqualTo(1.25);
        assertThat(ScenarioReport.number(line, "rttUs.p99.9")).isEqualTo(4.5);
        assertThat(ScenarioReport.number(line, "latencyUs.p50")).isNaN();
    }

    @Test
    void ratiosCompareJrouterdWithTheSameScenarioOnTheRelay() {
        ScenarioReport report = new ScenarioReport();
        report.add("jrouterd-bench: listening on 127.0.0.1:1");
        report.add(run("relay/100B", 800, "0.5", null));
        report.add(run("jrouterd/100B", 100, "10", null));
        report.add(run("relay/100B", 600, "0.4", null));
        report.add(run("jrouterd/100B", 200, "8", null));
        report.add(run("relay/100B", 700, "0.3", null));
        report.add(run("jrouterd/100B", 150, "9", null));
        assertThat(report.median("jrouterd/100B", "throughput")).isEqualTo(150);
        assertThat(report.median("relay/100B", "cpuUsPerMsg")).isEqualTo(0.4);
        String text = report.render();
        assertThat(text).contains("jrouterd/100B / relay").contains("0.21 x relay").contains("22.50 x relay");
        assertThat(text.lines().filter(l -> l.startsWith("relay/100B")).findFirst().orElseThrow()).contains("   3 ");
    }

    @Test
    void meshRunsAreComparedWithTheSingleRouter() {
        ScenarioReport report = new ScenarioReport();
        report.add(run("jrouterd/100B", 200, "4", null));
        report.add(run("mesh/100B", 100, "10", null));
        String text = report.render();
        assertThat(text).contains("mesh/100B / jrouterd").contains("0.50 x jrouterd").contains("2.50 x jrouterd");
        assertThat(text).doesNotContain("mesh/100B / relay");
    }
}
