package org.jrouterd.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchOptionsTest {

    @Test
    void defaultsDescribeOneUnsettledPairWith100ByteBodies() {
        BenchOptions o = BenchOptions.parse("pair");
        assertThat(o.mode()).isEqualTo(Mode.PAIR);
        assertThat(o.connect).isNull();
        assertThat(o.address).isEqualTo("bench");
        assertThat(o.count).isEqualTo(100_000);
        assertThat(o.warmup).isEqualTo(10_000);
        assertThat(o.bodySize).isEqualTo(100);
        assertThat(o.presettled).isFalse();
        assertThat(o.credit).isEqualTo(1000);
        assertThat(o.maxInFlight).isEqualTo(1000);
        assertThat(o.connections).isEqualTo(1);
        assertThat(o.links).isEqualTo(1);
        assertThat(o.cpuPids).isEmpty();
    }

    @Test
    void parsesEveryLoadOption() {
        BenchOptions o = BenchOptions.parse("send", "--connect", "localhost:5673", "-a", "q", "-c", "5", "-w", "2",
                "-b", "1024", "--presettled", "--credit", "50", "--max-in-flight", "7", "--connections", "4",
                "--links", "2", "-d", "9", "--cpu-pid", "1234", "--label", "x", "--json-only");
        assertThat(o.mode()).isEqualTo(Mode.SEND);
        assertThat(o.connect).isEqualTo(new BenchOptions.HostPort("localhost", 5673));
        assertThat(o.address).isEqualTo("q");
        assertThat(o.count).isEqualTo(5);
        assertThat(o.warmup).isEqualTo(2);
        assertThat(o.bodySize).isEqualTo(1024);
        assertThat(o.presettled).isTrue();
        assertThat(o.credit).isEqualTo(50);
        assertThat(o.maxInFlight).isEqualTo(7);
        assertThat(o.connections).isEqualTo(4);
        assertThat(o.links).isEqualTo(2);
        assertThat(o.durationSeconds).isEqualTo(9);
        assertThat(o.cpuPids).containsExactly(1234);
        assertThat(o.label).isEqualTo("x");
        assertThat(o.jsonOnly).isTrue();
    }

    @Test
    void modesAreWrittenInLowerCaseWithDashes() {
        assertThat(BenchOptions.parse("free-port").mode()).isEqualTo(Mode.FREE_PORT);
        assertThat(BenchOptions.parse("rpc", "--outstanding", "100").outstanding).isEqualTo(100);
        assertThat(BenchOptions.parse("direct", "--listen", ":0").listen)
                .isEqualTo(new BenchOptions.HostPort("127.0.0.1", 0));
    }

    @Test
    void rejectsValuesThatCannotRun() {
        assertThatThrownBy(() -> BenchOptions.parse("send", "-c", "0")).hasMessageContaining("--count");
        assertThatThrownBy(() -> BenchOptions.parse("send", "--credit", "0")).hasMessageContaining("--credit");
        assertThatThrownBy(() -> BenchOptions.parse("rpc", "--links", "2")).hasMessageContaining("--links");
        assertThatThrownBy(() -> BenchOptions.parse("send", "--connect", "nohost"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("host:port");
        assertThatThrownBy(() -> BenchOptions.parse("sideways")).isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> BenchOptions.parse("send", "--connect", "h:70000"))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> BenchOptions.parse("send", "--receive-at", "h:1")).hasMessageContaining("pair and rpc");
        assertThatThrownBy(() -> BenchOptions.parse("rpc", "--receive-at", "h:1", "--listen", ":0"))
                .hasMessageContaining("exclude");
    }

    @Test
    void aMeshPairSendsToOneRouterAndReceivesFromAnother() {
        BenchOptions o = BenchOptions.parse("pair", "--connect", ":5672", "--receive-at", "127.0.0.1:5673",
                "--cpu-pid", "10", "--cpu-pid", "11");
        assertThat(o.cpuPids).containsExactly(10, 11);
        assertThat(o.connect).isEqualTo(new BenchOptions.HostPort("127.0.0.1", 5672));
        assertThat(o.receiveAt).isEqualTo(new BenchOptions.HostPort("127.0.0.1", 5673));
        assertThat(BenchOptions.parse("rpc", "--receive-at", ":5673").receiveAt.port()).isEqualTo(5673);
    }

    @Test
    void eachPairGetsItsOwnAddressUnlessThereIsOnlyOne() {
        assertThat(BenchOptions.parse("pair", "-a", "q").addressFor(0, 0)).isEqualTo("q");
        BenchOptions four = BenchOptions.parse("pair", "-a", "q", "--connections", "2", "--links", "2");
        assertThat(four.addressFor(0, 0)).isEqualTo("q.0");
        assertThat(four.addressFor(1, 1)).isEqualTo("q.3");
    }

    @Test
    void exitCodeTwoOnBadOptions() {
        assertThat(BenchMain.run(new String[] {"send", "--count", "-5"})).isEqualTo(2);
    }
}
