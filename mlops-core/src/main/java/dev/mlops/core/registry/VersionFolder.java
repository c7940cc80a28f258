package dev.mlops.core.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names in one model's folder of version records in one environment, sorted into what they are. Versions are
 * numbered 1, 2, 3 … with no gaps: a deleted version leaves a deletion mark ({@code <n>.deleted}) so its number is
 * never used again. A record beyond a missing number, or a name that is neither, was put there or taken away by
 * hand; it is reported as damaged by name and is never listed, deployed or counted when the next number is taken.
 */
final class VersionFolder {

    private static final Pattern NAME = Pattern.compile("([1-9][0-9]{0,9})\\.(json|deleted)");

    /** Record numbers in sequence, each to be read and checked. */
    final List<Integer> records = new ArrayList<>();
    /** What is wrong with each damaged name, a sentence each. */
    final List<String> damaged = new ArrayList<>();
    /** The number the next version takes. */
    final int next;

    VersionFolder(String id, List<String> names) {
        TreeSet<Integer> taken = new TreeSet<>();
        TreeSet<Integer> recordNumbers = new TreeSet<>();
        TreeSet<Integer> deleted = new TreeSet<>();
        for (String name : names) {
            Matcher matcher = NAME.matcher(name);
            long number = matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
            if (number < 1 || number > Integer.MAX_VALUE) {
                damaged.add(id + "/" + name + " is not a version record (records are <number>.json); it was put"
                        + " there by hand");
                continue;
            }
            taken.add((int) number);
            (matcher.group(2).equals("json") ? recordNumbers : deleted).add((int) number);
        }
        int expected = 1;
        for (int number : taken) {
            if (number != expected) {
                break;
            }
            expected++;
        }
        next = expected;
        recordNumbers.removeAll(deleted);
        for (int number : recordNumbers) {
            if (number < next) {
                records.add(number);
            } else {
                damaged.add(id + "/" + number + " follows a gap (there is no record or deletion mark for "
                        + (next == number - 1 ? "version " + next : "versions " + next + " to " + (number - 1))
                        + "): records were added or removed by hand; it is ignored until the gap is mended");
            }
        }
    }
}
