package org.jrouterd.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DistributionTest {

    @Test
    void parsesEveryConfigNameIgnoringCase() {
        assertThat(Distribution.parse("multicast")).isEqualTo(Distribution.MULTICAST);
        assertThat(Distribution.parse("Closest")).isEqualTo(Distribution.CLOSEST);
        assertThat(Distribution.parse("BALANCED")).isEqualTo(Distribution.BALANCED);
        assertThat(Distribution.parse("unAvailable")).isEqualTo(Distribution.UNAVAILABLE);
    }

    @Test
    void configNameIsTheLowerCaseNameAndParsesBack() {
        for (Distribution distribution : Distribution.values()) {
            assertThat(distribution.configName()).isEqualTo(distribution.name().toLowerCase());
            assertThat(Distribution.parse(distribution.configName())).isEqualTo(distribution);
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"anycast", "balanced ", "linkBalanced", "flood"})
    void rejectsUnknownNamesListingTheAllowedOnes(String name) {
        assertThatThrownBy(() -> Distribution.parse(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining("multicast, closest, balanced, unavailable");
    }
}
