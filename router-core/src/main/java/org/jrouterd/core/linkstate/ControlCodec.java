package org.jrouterd.core.linkstate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.UnsignedShort;

/**
 * Maps control-message records to and from the amqp-value body map, exactly as qdrouterd 1.19 does:
 * HELLO, RA, LSR and LSU with string keys and long numbers (its Python router); MAU and MAR with symbol keys and
 * long numbers, MAU hints as ints (its C core). Decoding accepts either key type and any integral number type.
 *
 * <p>Threads: stateless; any thread.
 */
public final class ControlCodec {

    private ControlCodec() {
    }

    /** The body map for {@code message}, keys and values typed as qdrouterd sends them. */
    public static Map<Object, Object> encode(ControlMessage message) {
        if (message instanceof Hello h) {
            return encodeHello(h);
        } else if (message instanceof RouterAdvertisement ra) {
            return encodeRa(ra);
        } else if (message instanceof LinkStateRequest lsr) {
            return stringKeyed(lsr.id(), lsr.protocolVersion(), lsr.area());
        } else if (message instanceof LinkStateUpdate lsu) {
            return encodeLsu(lsu);
        } else if (message instanceof MobileAddressUpdate mau) {
            return encodeMau(mau);
        } else {
            return encodeMar((MobileAddressRequest) message);
        }
    }

    /** Decodes a received body for the {@code opcode} application property. */
    public static DecodeResult decode(String opcode, Map<?, ?> body) {
        Optional<Opcode> known = Opcode.fromWireName(opcode);
        if (known.isEmpty()) {
            return new DecodeResult.Malformed(opcode, "unknown opcode");
        }
        if (body == null) {
            return new DecodeResult.Malformed(opcode, "body is not a map");
        }
        try {
            BodyReader reader = new BodyReader(body);
            long version = reader.optionalLong("pv", 0);
            if (version > ControlMessage.PROTOCOL_VERSION) {
                return new DecodeResult.Ignored(opcode, reader.optionalString("id"), version);
            }
            return new DecodeResult.Decoded(decode(known.get(), reader, version));
        } catch (IllegalArgumentException e) {
            return new DecodeResult.Malformed(opcode, e.getMessage());
        }
    }

    private static ControlMessage decode(Opcode opcode, BodyReader body, long version) {
        String id = body.string("id");
        String area = ControlAddresses.AREA;
        return switch (opcode) {
            case HELLO -> new Hello(id, version, area, body.optionalLong("instance", 0), body.strings("seen"));
            case RA -> new RouterAdvertisement(id, version, area, body.optionalLong("instance", 0),
                    body.longValue("ls_seq"), body.longValue("mobile_seq"));
            case LSR -> new LinkStateRequest(id, version, area);
            case LSU -> new LinkStateUpdate(id, version, area, body.optionalLong("instance", 0),
                    body.longValue("ls_seq"), decodeLinkState(new BodyReader(body.map("ls"))));
            case MAU -> decodeMau(id, version, body);
            case MAR -> new MobileAddressRequest(id, version, area, body.longValue("have_seq"));
        };
    }

    private static LinkState decodeLinkState(BodyReader ls) {
        Map<String, Long> peers = new LinkedHashMap<>();
        for (Map.Entry<?, ?> peer : ls.map("peers").entrySet()) {
            peers.put(text(peer.getKey(), "peers key"), integral(peer.getValue(), "peers cost"));
        }
        return new LinkState(ls.string("id"), ControlAddresses.AREA, ls.longValue("ls_seq"), peers);
    }

    private static MobileAddressUpdate decodeMau(String id, long version, BodyReader body) {
        List<String> exist = body.optionalStrings("exist");
        List<String> add = body.optionalStrings("add");
        List<String> del = body.optionalStrings("del");
        List<Integer> hints = new ArrayList<>();
        List<?> rawHints = body.optionalList("hints");
        if (rawHints != null) {
            for (Object hint : rawHints) {
                hints.add((int) integral(hint, "hints"));
            }
        }
        boolean absolute = exist != null && add == null && del == null;
        boolean differential = exist == null && add != null && del != null;
        if (!absolute && !differential) {
            throw new IllegalArgumentException("MAU needs either exist, or both add and del");
        }
        return new MobileAddressUpdate(id, version, ControlAddresses.AREA, body.longValue("mobile_seq"), add, del,
                exist, hints);
    }

    private static Map<Object, Object> encodeHello(Hello h) {
        Map<Object, Object> body = stringKeyed(h.id(), h.protocolVersion(), h.area());
        body.put("instance", h.instance());
        body.put("seen", new ArrayList<>(h.seen()));
        return body;
    }

    private static Map<Object, Object> encodeRa(RouterAdvertisement ra) {
        Map<Object, Object> body = stringKeyed(ra.id(), ra.protocolVersion(), ra.area());
        body.put("instance", ra.instance());
        body.put("ls_seq", ra.lsSeq());
        body.put("mobile_seq", ra.mobileSeq());
        return body;
    }

    private static Map<Object, Object> encodeLsu(LinkStateUpdate lsu) {
        Map<Object, Object> body = stringKeyed(lsu.id(), lsu.protocolVersion(), lsu.area());
        body.put("instance", lsu.instance());
        body.put("ls_seq", lsu.lsSeq());
        LinkState state = lsu.linkState();
        Map<Object, Object> ls = new LinkedHashMap<>();
        ls.put("id", state.id());
        ls.put("area", state.area());
        ls.put("ls_seq", state.lsSeq());
        ls.put("peers", new LinkedHashMap<Object, Object>(state.peers()));
        body.put("ls", ls);
        return body;
    }

    private static Map<Object, Object> encodeMau(MobileAddressUpdate mau) {
        Map<Object, Object> body = symbolKeyed(mau.id(), mau.protocolVersion(), mau.area());
        body.put(Symbol.valueOf("mobile_seq"), mau.mobileSeq());
        if (mau.isAbsolute()) {
            body.put(Symbol.valueOf("exist"), new ArrayList<>(mau.exist()));
            body.put(Symbol.valueOf("hints"), new ArrayList<>(mau.hints()));
        } else {
            body.put(Symbol.valueOf("hints"), new ArrayList<>(mau.hints()));
            body.put(Symbol.valueOf("add"), new ArrayList<>(mau.add()));
            body.put(Symbol.valueOf("del"), new ArrayList<>(mau.del()));
        }
        return body;
    }

    private static Map<Object, Object> encodeMar(MobileAddressRequest mar) {
        Map<Object, Object> body = symbolKeyed(mar.id(), mar.protocolVersion(), mar.area());
        body.put(Symbol.valueOf("have_seq"), mar.haveSeq());
        return body;
    }

    private static Map<Object, Object> stringKeyed(String id, long version, String area) {
        Map<Object, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("pv", version);
        body.put("area", area);
        return body;
    }

    private static Map<Object, Object> symbolKeyed(String id, long version, String area) {
        Map<Object, Object> body = new LinkedHashMap<>();
        body.put(Symbol.valueOf("id"), id);
        body.put(Symbol.valueOf("pv"), version);
        body.put(Symbol.valueOf("area"), area);
        return body;
    }

    private static String text(Object value, String field) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Symbol s) {
            return s.toString();
        }
        throw new IllegalArgumentException("field '" + field + "' is not a string: " + describe(value));
    }

    private static long integral(Object value, String field) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof UnsignedLong || value instanceof UnsignedInteger || value instanceof UnsignedShort
                || value instanceof UnsignedByte) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException("field '" + field + "' is not an integer: " + describe(value));
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    /** Reads a body map whose keys may be strings or symbols. */
    private static final class BodyReader {
        private final Map<?, ?> body;

        BodyReader(Map<?, ?> body) {
            this.body = body;
        }

        private Object get(String key) {
            Object value = body.get(key);
            return value != null ? value : body.get(Symbol.valueOf(key));
        }

        private Object mandatory(String key) {
            Object value = get(key);
            if (value == null) {
                throw new IllegalArgumentException("mandatory field '" + key + "' missing");
            }
            return value;
        }

        String string(String key) {
            return text(mandatory(key), key);
        }

        String optionalString(String key) {
            Object value = get(key);
            return value instanceof String || value instanceof Symbol ? value.toString() : null;
        }

        long longValue(String key) {
            return integral(mandatory(key), key);
        }

        long optionalLong(String key, long otherwise) {
            Object value = get(key);
            return value == null ? otherwise : integral(value, key);
        }

        Map<?, ?> map(String key) {
            if (mandatory(key) instanceof Map<?, ?> map) {
                return map;
            }
            throw new IllegalArgumentException("field '" + key + "' is not a map: " + describe(get(key)));
        }

        List<?> optionalList(String key) {
            Object value = get(key);
            if (value == null) {
                return null;
            }
            if (value instanceof List<?> list) {
                return list;
            }
            if (value instanceof Object[] array) {
                return Arrays.asList(array);
            }
            throw new IllegalArgumentException("field '" + key + "' is not a list: " + describe(value));
        }

        List<String> optionalStrings(String key) {
            List<?> list = optionalList(key);
            if (list == null) {
                return null;
            }
            List<String> strings = new ArrayList<>(list.size());
            for (Object item : list) {
                strings.add(text(item, key));
            }
            return strings;
        }

        List<String> strings(String key) {
            mandatory(key);
            return optionalStrings(key);
        }
    }
}
