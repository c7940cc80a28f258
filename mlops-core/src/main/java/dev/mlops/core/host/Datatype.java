package dev.mlops.core.host;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The tensor datatypes of the Open Inference Protocol the host takes, and what values of each may be. */
enum Datatype {
    BOOL(1), UINT8(1), UINT16(2), UINT32(4), UINT64(8), INT8(1), INT16(2), INT32(4), INT64(8), FP32(4), FP64(8),
    BYTES(-1);

    /** Every name, for messages. */
    static final String NAMES = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final int size;

    Datatype(int size) {
        this.size = size;
    }

    /**
     * @return the bytes one value takes in binary tensor data, or -1 for BYTES, whose values are of any length
     */
    int size() {
        return size;
    }

    static Optional<Datatype> parse(String name) {
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * @throws CallFailure 400 naming the input and the position when the value does not fit this datatype
     */
    void check(JsonNode value, String tensor, int index) throws CallFailure {
        boolean fits = switch (this) {
            case BOOL -> value.isBoolean();
            case BYTES -> value.isTextual();
            case FP32 -> value.isNumber() && Float.isFinite(value.floatValue());
            case FP64 -> value.isNumber() && Double.isFinite(value.doubleValue());
            case INT8 -> integral(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16 -> integral(value, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32 -> integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64 -> value.isIntegralNumber() && value.canConvertToLong();
            case UINT8 -> integral(value, 0, 255);
            case UINT16 -> integral(value, 0, 65_535);
            case UINT32 -> integral(value, 0, 4_294_967_295L);
            case UINT64 -> value.isIntegralNumber() && value.bigIntegerValue().signum() >= 0
                    && value.bigIntegerValue().compareTo(MAX_UINT64) <= 0;
        };
        if (!fits) {
            throw new CallFailure(400, "input " + tensor + "[" + index + "]: " + ErrorText.clip(value.toString(), 24)
                    + " does not fit " + name());
        }
    }

    private static boolean integral(JsonNode value, long min, long max) {
        return value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= min
                && value.longValue() <= max;
    }
}
