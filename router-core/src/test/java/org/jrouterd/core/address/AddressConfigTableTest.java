package org.jrouterd.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jrouterd.core.address.Distribution.BALANCED;
import static org.jrouterd.core.address.Distribution.CLOSEST;
import static org.jrouterd.core.address.Distribution.MULTICAST;
import static org.jrouterd.core.address.Distribution.UNAVAILABLE;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressConfigTableTest {

    private final AddressConfigTable table = new AddressConfigTable(BALANCED);

    private AddressConfig addPrefix(String prefix, Distribution distribution) {
        AddressConfig config = AddressConfig.prefix(prefix, distribution);
        table.add(config);
        return config;
    }

    private AddressConfig addPattern(String pattern, Distribution distribution) {
        AddressConfig config = AddressConfig.pattern(pattern, distribution);
        table.add(config);
        return config;
    }

    @Test
    void usesTheDefaultDistributionWhenNothingMatches() {
        addPrefix("queue", CLOSEST);

        assertThat(table.lookup("topic.a")).isNull();
        assertThat(table.distributionFor("topic.a")).isEqualTo(BALANCED);
        assertThat(table.distributionFor("queue1")).isEqualTo(BALANCED);
        assertThat(new AddressConfigTable(UNAVAILABLE).distributionFor("x")).isEqualTo(UNAVAILABLE);
    }

    @Test
    void prefixMatchesWholeSegmentsOnly() {
        AddressConfig foo = addPrefix("foo", MULTICAST);

        assertThat(table.lookup("foo")).isEqualTo(foo);
        assertThat(table.lookup("foo.1")).isEqualTo(foo);
        assertThat(table.lookup("foo/1/2")).isEqualTo(foo);
        assertThat(table.lookup("foo.1/2")).isEqualTo(foo);
        assertThat(table.lookup("foo1")).isNull();
        assertThat(table.distributionFor("foo/bar")).isEqualTo(MULTICAST);
    }

    @Test
    void prefixAndPatternSeparatorsAreInterchangeable() {
        AddressConfig ab = addPrefix("a/b", CLOSEST);
        AddressConfig xy = addPattern("x.*", MULTICAST);

        assertThat(table.lookup("a.b.c")).isEqualTo(ab);
        assertThat(table.lookup("a/b")).isEqualTo(ab);
        assertThat(table.lookup("x/y")).isEqualTo(xy);
        assertThat(table.lookup("a.bc")).isNull();
    }

    @Test
    void starMatchesExactlyOneToken() {
        AddressConfig star = addPattern("a.*.c", CLOSEST);

        assertThat(table.lookup("a.b.c")).isEqualTo(star);
        assertThat(table.lookup("a.c")).isNull();
        assertThat(table.lookup("a.b.b.c")).isNull();
        assertThat(table.lookup("a.b.c.d")).isNull();
    }

    @Test
    void hashMatchesZeroOrMoreTokens() {
        AddressConfig trailing = addPattern("a.#", CLOSEST);
        AddressConfig leading = addPattern("#.z", MULTICAST);

        assertThat(table.lookup("a")).isEqualTo(trailing);
        assertThat(table.lookup("a.b.c")).isEqualTo(trailing);
        assertThat(table.lookup("z")).isEqualTo(leading);
        assertThat(table.lookup("x.y.z")).isEqualTo(leading);
        assertThat(table.lookup("x.y")).isNull();
    }

    @Test
    void hashInTheMiddleMatchesAnyRun() {
        AddressConfig middle = addPattern("a.#.z", CLOSEST);

        assertThat(table.lookup("a.z")).isEqualTo(middle);
        assertThat(table.lookup("a.b.z")).isEqualTo(middle);
        assertThat(table.lookup("a/b/c.d/z")).isEqualTo(middle);
        assertThat(table.lookup("a.z.z")).isEqualTo(middle);
        assertThat(table.lookup("a.b")).isNull();
        assertThat(table.lookup("a.z.b")).isNull();
    }

    @Test
    void exactTokenBeatsStarWhichBeatsHash() {
        AddressConfig exact = addPattern("a.b", CLOSEST);
        AddressConfig star = addPattern("a.*", MULTICAST);
        AddressConfig hash = addPattern("a.#", BALANCED);

        assertThat(table.lookup("a.b")).isEqualTo(exact);
        assertThat(table.lookup("a.c")).isEqualTo(star);
        assertThat(table.lookup("a.c.d")).isEqualTo(hash);
        assertThat(table.lookup("a")).isEqualTo(hash);
    }

    @Test
    void precedenceIsDecidedAtTheLeftmostDifferingToken() {
        AddressConfig exactFirst = addPattern("a.*.c", CLOSEST);
        AddressConfig starFirst = addPattern("*.b.c", MULTICAST);
        AddressConfig hashFirst = addPattern("#.c", BALANCED);

        assertThat(table.lookup("a.b.c")).isEqualTo(exactFirst);
        assertThat(table.lookup("x.b.c")).isEqualTo(starFirst);
        assertThat(table.lookup("x.y.c")).isEqualTo(hashFirst);
        assertThat(table.lookup("c")).isEqualTo(hashFirst);
    }

    @Test
    void starBeatsHashEvenWhenHashWouldMatchZeroTokens() {
        AddressConfig star = addPattern("*.b", CLOSEST);
        AddressConfig hash = addPattern("#.b", MULTICAST);

        assertThat(table.lookup("a.b")).isEqualTo(star);
        assertThat(table.lookup("b")).isEqualTo(hash);
        assertThat(table.lookup("a.a.b")).isEqualTo(hash);
    }

    @Test
    void hashPrefersTheMoreSpecificContinuation() {
        AddressConfig anything = addPattern("a.#", BALANCED);
        AddressConfig endsInZ = addPattern("a.#.z", CLOSEST);

        assertThat(table.lookup("a.b.z")).isEqualTo(endsInZ);
        assertThat(table.lookup("a.b.y")).isEqualTo(anything);
    }

    @Test
    void longestOverlappingPrefixWins() {
        AddressConfig foo = addPrefix("foo", BALANCED);
        AddressConfig fooBar = addPrefix("foo.bar", CLOSEST);
        AddressConfig fooBarBaz = addPrefix("foo/bar/baz", MULTICAST);

        assertThat(table.lookup("foo.x")).isEqualTo(foo);
        assertThat(table.lookup("foo.bar")).isEqualTo(fooBar);
        assertThat(table.lookup("foo.bar.x")).isEqualTo(fooBar);
        assertThat(table.lookup("foo.bar.baz.x")).isEqualTo(fooBarBaz);
        assertThat(table.lookup("foo.barbaz")).isEqualTo(foo);
    }

    @Test
    void bestMatchAmongOverlappingPrefixAndPatternEntries() {
        AddressConfig prefix = addPrefix("orders", BALANCED);
        AddressConfig oneLevel = addPattern("orders.*", CLOSEST);
        AddressConfig audit = addPattern("orders.*.audit", MULTICAST);
        AddressConfig eu = addPrefix("orders/eu", UNAVAILABLE);

        assertThat(table.lookup("orders")).isEqualTo(prefix);
        assertThat(table.lookup("orders.us")).isEqualTo(oneLevel);
        assertThat(table.lookup("orders.us.audit")).isEqualTo(audit);
        assertThat(table.lookup("orders.us.audit.x")).isEqualTo(prefix);
        assertThat(table.lookup("orders.eu")).isEqualTo(eu);
        assertThat(table.lookup("orders.eu.audit")).isEqualTo(eu);
    }

    @Test
    void looksUpAfterStrippingSchemeAndHost() {
        AddressConfig foo = addPrefix("foo", MULTICAST);
        AddressConfig temp = addPattern("_topo.0.*.temp.*", CLOSEST);

        assertThat(table.lookup("amqp://example.com:5672/foo/bar")).isEqualTo(foo);
        assertThat(table.lookup("amqp:/_topo/0/A/temp.x")).isEqualTo(temp);
    }

    @Test
    void rejectsDuplicatePatterns() {
        addPrefix("a/b", CLOSEST);
        addPattern("x.y", CLOSEST);

        assertThatThrownBy(() -> table.add(AddressConfig.prefix("a/b", MULTICAST)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate")
                .hasMessageContaining("a/b/#");
        assertThatThrownBy(() -> table.add(AddressConfig.pattern("a.b.#", MULTICAST)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix 'a/b'");
        assertThatThrownBy(() -> table.add(AddressConfig.pattern("x/y", MULTICAST)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.add(AddressConfig.pattern("a.b.#.#", MULTICAST)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.distributionFor("a.b.c")).isEqualTo(CLOSEST);
    }

    @Test
    void removingAnEntryFallsBackToTheNextBestMatch() {
        AddressConfig foo = addPrefix("foo", BALANCED);
        AddressConfig fooBar = addPrefix("foo.bar", CLOSEST);

        assertThat(table.remove(fooBar)).isTrue();

        assertThat(table.lookup("foo.bar.x")).isEqualTo(foo);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.entries()).containsExactly(foo);
    }

    @Test
    void removesOnlyAnEqualEntry() {
        addPrefix("foo", BALANCED);

        assertThat(table.remove(AddressConfig.prefix("foo", CLOSEST))).isFalse();
        assertThat(table.remove(AddressConfig.prefix("bar", BALANCED))).isFalse();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void removesByPatternWhateverTheDistribution() {
        AddressConfig foo = addPrefix("foo", BALANCED);

        assertThat(table.remove(AddressPattern.parse("foo.#"))).isEqualTo(foo);
        assertThat(table.remove(AddressPattern.parse("foo.#"))).isNull();
        assertThat(table.lookup("foo")).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void removalKeepsEntriesThatShareTheTriePath() {
        AddressConfig ab = addPattern("a.b", CLOSEST);
        AddressConfig abc = addPattern("a.b.c", MULTICAST);
        AddressConfig abHash = addPrefix("a.b", BALANCED);

        table.remove(ab);
        assertThat(table.lookup("a.b.c")).isEqualTo(abc);
        assertThat(table.lookup("a.b")).isEqualTo(abHash);

        table.remove(abHash);
        assertThat(table.lookup("a.b.c")).isEqualTo(abc);
        assertThat(table.lookup("a.b")).isNull();
    }

    @Test
    void removalPrunesTheTrie() {
        int emptyNodes = table.nodeCount();
        List<AddressConfig> added = List.of(
                addPattern("a.b.c", CLOSEST), addPattern("a.*.c", CLOSEST), addPattern("a.#.c", CLOSEST),
                addPrefix("a.b", CLOSEST), addPattern("x", CLOSEST));

        for (AddressConfig config : added) {
            assertThat(table.remove(config)).isTrue();
        }

        assertThat(table.size()).isZero();
        assertThat(table.nodeCount()).isEqualTo(emptyNodes);
    }

    @Test
    void findsTheRightEntryAmongTenThousand() {
        Distribution[] distributions = Distribution.values();
        List<AddressConfig> entries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            entries.add(switch (i % 4) {
                case 0 -> AddressConfig.prefix("tenant" + i + ".queue", distributions[i % 3]);
                case 1 -> AddressConfig.pattern("tenant" + i + ".*.events", distributions[i % 3]);
                case 2 -> AddressConfig.pattern("tenant" + i + ".#.audit", distributions[i % 3]);
                default -> AddressConfig.pattern("region/" + i + "/service", distributions[i % 3]);
            });
        }
        table.addAll(entries);   // as a configuration file's entries are added at start
        assertThat(table.size()).isEqualTo(10_000);

        for (int i = 0; i < 10_000; i++) {
            String address = switch (i % 4) {
                case 0 -> "tenant" + i + "/queue/orders." + i;
                case 1 -> "tenant" + i + ".orders.events";
                case 2 -> "tenant" + i + ".a.b.c.audit";
                default -> "region." + i + ".service";
            };
            AddressConfig found = table.lookup(address);
            assertThat(found).as(address).isNotNull();
            assertThat(found.addressPattern().matches(address)).as(address).isTrue();
            assertThat(found.addressPattern().tokens().get(i % 4 == 3 ? 1 : 0)).as(address)
                    .isEqualTo((i % 4 == 3 ? "" : "tenant") + i);
            assertThat(table.distributionFor(address)).isEqualTo(distributions[i % 3]);
        }
        assertThat(table.lookup("tenant0.queuex")).isNull();
        assertThat(table.lookup("tenant1.orders.audit")).isNull();
        assertThat(table.lookup("tenant10000.queue")).isNull();
    }

    @Test
    void addingAndRemovingTwoThousandEntriesOneByOneLeavesAnEmptyTrie() {
        // One by one, as management changes them: each change publishes a rebuilt trie (a few thousand, not more).
        int emptyNodes = table.nodeCount();
        List<AddressConfig> added = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            added.add(addPrefix("p." + (i % 100) + "." + i, CLOSEST));
        }
        for (int i = 0; i < added.size(); i += 2) {
            assertThat(table.remove(added.get(i))).isTrue();
        }
        for (int i = 1; i < added.size(); i += 2) {
            assertThat(table.lookup("p." + (i % 100) + "." + i + ".x")).isEqualTo(added.get(i));
            assertThat(table.lookup("p." + ((i - 1) % 100) + "." + (i - 1))).isNull();
        }
        for (int i = 1; i < added.size(); i += 2) {
            assertThat(table.remove(added.get(i))).isTrue();
        }

        assertThat(table.size()).isZero();
        assertThat(table.nodeCount()).isEqualTo(emptyNodes);
    }

    @Test
    void findsEntriesWhoseTokensShareOneHashCode() {
        List<String> collidingTokens = new ArrayList<>();
        for (int bits = 0; bits < 64; bits++) {
            StringBuilder token = new StringBuilder();
            for (int bit = 0; bit < 6; bit++) {
                token.append((bits & (1 << bit)) == 0 ? "Aa" : "BB");
            }
            collidingTokens.add(token.toString());
        }
        assertThat(collidingTokens).extracting(String::hashCode).containsOnly(collidingTokens.get(0).hashCode());
        List<AddressConfig> added = new ArrayList<>();
        for (String token : collidingTokens) {
            added.add(addPrefix(token, CLOSEST));
        }

        for (int i = 0; i < added.size(); i += 3) {
            table.remove(added.get(i));
        }

        for (int i = 0; i < added.size(); i++) {
            AddressConfig expected = i % 3 == 0 ? null : added.get(i);
            assertThat(table.lookup(collidingTokens.get(i) + ".x")).isEqualTo(expected);
        }
    }

    @Test
    void agreesWithSinglePatternMatchingOnRandomEntries() {
        Random random = new Random(42);
        String[] patternTokens = {"a", "b", "c", "*", "#"};
        String[] addressTokens = {"a", "b", "c", "d"};
        List<AddressConfig> configs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            AddressConfig config = AddressConfig.pattern(randomText(random, patternTokens, 1 + random.nextInt(4)),
                    CLOSEST);
            if (table.entries().stream().noneMatch(e -> e.addressPattern().equals(config.addressPattern()))) {
                table.add(config);
                configs.add(config);
            }
            if (random.nextInt(5) == 0 && !configs.isEmpty()) {
                table.remove(configs.remove(random.nextInt(configs.size())));
            }
        }

        for (int i = 0; i < 2_000; i++) {
            String address = randomText(random, addressTokens, random.nextInt(6));
            AddressConfig found = table.lookup(address);
            boolean anyMatches = configs.stream().anyMatch(c -> c.addressPattern().matches(address));
            assertThat(found != null).as(address).isEqualTo(anyMatches);
            if (found != null) {
                assertThat(configs).contains(found);
                assertThat(found.addressPattern().matches(address)).as(address + " -> " + found).isTrue();
            }
        }
    }

    private static String randomText(Random random, String[] tokens, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(random.nextBoolean() ? '.' : '/');
            }
            text.append(tokens[random.nextInt(tokens.length)]);
        }
        return text.toString();
    }
}
