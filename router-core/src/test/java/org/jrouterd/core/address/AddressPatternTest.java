package org.jrouterd.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressPatternTest {

    @Test
    void prefixMatchesWholeSegmentsOnly() {
        AddressPattern prefix = AddressPattern.ofPrefix("foo");

        assertThat(prefix.matches("foo")).isTrue();
        assertThat(prefix.matches("foo.1")).isTrue();
        assertThat(prefix.matches("foo/1")).isTrue();
        assertThat(prefix.matches("foo/1/2")).isTrue();
        assertThat(prefix.matches("foo.1/2.3")).isTrue();
        assertThat(prefix.matches("foo1")).isFalse();
        assertThat(prefix.matches("fo")).isFalse();
        assertThat(prefix.matches("bar.foo")).isFalse();
    }

    @Test
    void prefixWithSeveralTokensAcceptsEitherSeparator() {
        AddressPattern prefix = AddressPattern.ofPrefix("a/b");

        assertThat(prefix.matches("a.b")).isTrue();
        assertThat(prefix.matches("a/b.c")).isTrue();
        assertThat(prefix.matches("a.b/c/d")).isTrue();
        assertThat(prefix.matches("a.bc")).isFalse();
        assertThat(prefix.matches("a")).isFalse();
    }

    @Test
    void prefixIsThePatternWithATrailingHash() {
        assertThat(AddressPattern.ofPrefix("a/b")).isEqualTo(AddressPattern.parse("a/b/#"));
        assertThat(AddressPattern.ofPrefix("a.b")).isEqualTo(AddressPattern.parse("a/b/#"));
        assertThat(AddressPattern.ofPrefix("a/b").toString()).isEqualTo("a/b/#");
    }

    @Test
    void starMatchesExactlyOneToken() {
        AddressPattern pattern = AddressPattern.parse("a.*.c");

        assertThat(pattern.matches("a.b.c")).isTrue();
        assertThat(pattern.matches("a/x/c")).isTrue();
        assertThat(pattern.matches("a.c")).isFalse();
        assertThat(pattern.matches("a.b.b.c")).isFalse();
        assertThat(pattern.matches("a.b.c.d")).isFalse();
    }

    @Test
    void hashMatchesZeroTokens() {
        assertThat(AddressPattern.parse("a.#").matches("a")).isTrue();
        assertThat(AddressPattern.parse("#.b").matches("b")).isTrue();
        assertThat(AddressPattern.parse("#").matches("anything/at.all")).isTrue();
    }

    @Test
    void hashInTheMiddleMatchesAnyNumberOfTokens() {
        AddressPattern pattern = AddressPattern.parse("a.#.z");

        assertThat(pattern.matches("a.z")).isTrue();
        assertThat(pattern.matches("a.b.z")).isTrue();
        assertThat(pattern.matches("a/b/c/d.z")).isTrue();
        assertThat(pattern.matches("a.z.z")).isTrue();
        assertThat(pattern.matches("a.b")).isFalse();
        assertThat(pattern.matches("a.z.b")).isFalse();
        assertThat(pattern.matches("b.z")).isFalse();
    }

    @Test
    void tokensContainingWildcardCharactersAreLiteral() {
        AddressPattern pattern = AddressPattern.parse("a*.b#");

        assertThat(pattern.matches("a*.b#")).isTrue();
        assertThat(pattern.matches("ax.b")).isFalse();
    }

    @Test
    void ignoresLeadingTrailingAndRepeatedSeparators() {
        assertThat(AddressPattern.parse("/a//b/")).isEqualTo(AddressPattern.parse("a.b"));
        assertThat(AddressPattern.parse("a.b").matches("/a//b.")).isTrue();
    }

    @Test
    void matchesAfterStrippingSchemeAndHost() {
        assertThat(AddressPattern.ofPrefix("foo").matches("amqp://example.com:5672/foo/bar")).isTrue();
        assertThat(AddressPattern.parse("_topo.*.#").matches("amqp:/_topo/0/A/temp.x")).isTrue();
    }

    @Test
    void normalizesRunsOfWildcardsAsQdrouterdDoes() {
        assertThat(AddressPattern.parse("a.#.#.b").tokens()).containsExactly("a", "#", "b");
        assertThat(AddressPattern.parse("a.#.*").tokens()).containsExactly("a", "*", "#");
        assertThat(AddressPattern.parse("#.*.#.*").tokens()).containsExactly("*", "*", "#");
        assertThat(AddressPattern.parse("*.*").tokens()).containsExactly("*", "*");
        assertThat(AddressPattern.ofPrefix("a.#").tokens()).containsExactly("a", "#");
    }

    @Test
    void normalizedPatternsMatchTheSameAddresses() {
        AddressPattern original = AddressPattern.parse("a.#.*");

        assertThat(original.matches("a")).isFalse();
        assertThat(original.matches("a.b")).isTrue();
        assertThat(original.matches("a.b.c.d")).isTrue();
    }

    @Test
    void rejectsTextWithoutTokens() {
        assertThatThrownBy(() -> AddressPattern.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pattern ''")
                .hasMessageContaining("no tokens");
        assertThatThrownBy(() -> AddressPattern.ofPrefix("/."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix '/.'");
    }
}
