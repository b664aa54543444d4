package org.jrouterd.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressConfigTest {

    @Test
    void prefixFactoryBuildsAPrefixEntryWithoutPriority() {
        AddressConfig config = AddressConfig.prefix("queue", Distribution.CLOSEST);

        assertThat(config.prefix()).isEqualTo("queue");
        assertThat(config.pattern()).isNull();
        assertThat(config.distribution()).isEqualTo(Distribution.CLOSEST);
        assertThat(config.priority()).isEqualTo(AddressConfig.NO_PRIORITY);
        assertThat(config.hasPriority()).isFalse();
        assertThat(config.addressPattern()).isEqualTo(AddressPattern.parse("queue/#"));
    }

    @Test
    void patternFactoryBuildsAPatternEntry() {
        AddressConfig config = AddressConfig.pattern("a.*.c", Distribution.MULTICAST);

        assertThat(config.prefix()).isNull();
        assertThat(config.pattern()).isEqualTo("a.*.c");
        assertThat(config.addressPattern().tokens()).containsExactly("a", "*", "c");
    }

    @Test
    void withPriorityCopiesTheEntry() {
        AddressConfig config = AddressConfig.prefix("q", Distribution.BALANCED).withPriority(9);

        assertThat(config.priority()).isEqualTo(9);
        assertThat(config.hasPriority()).isTrue();
        assertThat(config.withPriority(0).priority()).isZero();
        assertThat(config.withPriority(AddressConfig.NO_PRIORITY).hasPriority()).isFalse();
    }

    @Test
    void rejectsBothPrefixAndPattern() {
        assertThatThrownBy(() -> new AddressConfig("a", "b", Distribution.CLOSEST, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one of prefix or pattern")
                .hasMessageContaining("both");
    }

    @Test
    void rejectsNeitherPrefixNorPattern() {
        assertThatThrownBy(() -> new AddressConfig(null, null, Distribution.CLOSEST, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one of prefix or pattern")
                .hasMessageContaining("neither");
    }

    @Test
    void rejectsPriorityOutOfRange() {
        AddressConfig config = AddressConfig.prefix("a", Distribution.CLOSEST);

        assertThatThrownBy(() -> config.withPriority(10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to 9")
                .hasMessageContaining("10");
        assertThatThrownBy(() -> config.withPriority(-2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsEmptyBlankOrSeparatorOnlyText() {
        assertThatThrownBy(() -> AddressConfig.prefix("", Distribution.CLOSEST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix ''")
                .hasMessageContaining("no tokens");
        assertThatThrownBy(() -> AddressConfig.pattern("  ", Distribution.CLOSEST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pattern '  '");
        assertThatThrownBy(() -> AddressConfig.prefix("./", Distribution.CLOSEST))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMissingDistribution() {
        assertThatThrownBy(() -> AddressConfig.prefix("a", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("distribution");
    }
}
