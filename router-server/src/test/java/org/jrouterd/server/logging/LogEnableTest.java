package org.jrouterd.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

class LogEnableTest {

    @Test
    void levelPlusMeansThatLevelAndAbove() {
        assertThat(LogEnable.parse("info+")).isEqualTo(Level.INFO);
        assertThat(LogEnable.parse("trace+")).isEqualTo(Level.TRACE);
        assertThat(LogEnable.parse("warning+")).isEqualTo(Level.WARN);
        assertThat(LogEnable.parse("critical+")).isEqualTo(Level.ERROR);
        assertThat(LogEnable.parse("notice+")).isEqualTo(Level.INFO);
    }

    @Test
    void noneTurnsAModuleOff() {
        assertThat(LogEnable.parse("none")).isEqualTo(Level.OFF);
    }

    @Test
    void aListShowsFromItsLowestLevelUp() {
        assertThat(LogEnable.parse("error,debug,info")).isEqualTo(Level.DEBUG);
        assertThat(LogEnable.parse(" warning , error ")).isEqualTo(Level.WARN);
    }

    @Test
    void unknownLevelsAreRefusedWithTheAllowedForms() {
        assertThatThrownBy(() -> LogEnable.parse("loud+")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loud+").hasMessageContaining("none, LEVEL+");
    }

    @Test
    void unknownModulesAreRefused() {
        assertThatThrownBy(() -> new LogSettings("ROUTERX", "info+", true, false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ROUTERX");
        assertThat(new LogSettings("router_core", "info+", true, false, null).module()).isEqualTo("ROUTER_CORE");
    }

    @Test
    void linesAreShapedLikeQdrouterds() {
        assertThat(LogConfigurator.pattern(new LogSettings("DEFAULT", "info+", true, false, "stderr")))
                .isEqualTo("%d{yyyy-MM-dd HH:mm:ss.SSSSSS Z} %logger \\(%qdlevel\\) %msg%n%ex");
        assertThat(LogConfigurator.pattern(new LogSettings("DEFAULT", "info+", false, true, "stderr")))
                .isEqualTo("%logger \\(%qdlevel\\) %msg \\(%file:%line\\)%n%ex");
    }
}
