package dev.mlops.core.settings;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schedule in cron's five fields (minute, hour, day of the month, month, day of the week), in UTC, as GitHub
 * Actions' {@code schedule:} trigger reads it: numbers, {@code *}, ranges {@code a-b}, lists {@code a,b}, steps
 * {@code /n}, and the names {@code JAN}–{@code DEC} and {@code SUN}–{@code SAT}. Macros such as {@code @daily} are
 * not cron's and GitHub refuses them.
 */
public final class CronSchedule {

    private static final List<String> FIELDS = List.of("minute", "hour", "day of the month", "month",
            "day of the week");
    private static final int[] LOW = {0, 0, 1, 1, 0};
    private static final int[] HIGH = {59, 23, 31, 12, 7};
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final Pattern PART = Pattern.compile("(\\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:/([0-9]+))?");

    private CronSchedule() {
    }

    /** @return the schedule with its fields separated by one space */
    public static String normalize(String schedule) {
        return String.join(" ", schedule.strip().split("\\s+"));
    }

    /** @return what is wrong with a schedule, in words that finish "'…' …", or empty when it is one */
    public static Optional<String> problem(String schedule) {
        String text = schedule.strip();
        if (text.startsWith("@")) {
            return Optional.of("is a macro, which GitHub's schedule does not take; write its five fields, such as"
                    + " '0 3 * * 1' for 03:00 UTC every Monday");
        }
        String[] fields = text.isEmpty() ? new String[0] : text.split("\\s+");
        if (fields.length != 5) {
            return Optional.of("has " + fields.length + " field" + (fields.length == 1 ? "" : "s") + "; a schedule"
                    + " has five: minute hour day-of-month month day-of-week, in UTC, such as '0 3 * * 1'");
        }
        for (int i = 0; i < 5; i++) {
            for (String part : fields[i].split(",", -1)) {
                Matcher matcher = PART.matcher(part);
                if (!matcher.matches()) {
                    return Optional.of("has '" + fields[i] + "' for the " + FIELDS.get(i) + ", which is not a number,"
                            + " *, a range a-b, a list a,b or a step /n");
                }
                if (matcher.group(2) != null && Integer.parseInt(matcher.group(2)) == 0) {
                    return Optional.of("steps the " + FIELDS.get(i) + " by 0");
                }
                if (!matcher.group(1).equals("*")) {
                    for (String bound : matcher.group(1).split("-")) {
                        Optional<Integer> value = value(bound, i);
                        if (value.isEmpty() || value.get() < LOW[i] || value.get() > HIGH[i]) {
                            return Optional.of("has '" + bound + "' for the " + FIELDS.get(i) + "; it goes from "
                                    + LOW[i] + " to " + HIGH[i] + (i == 3 ? " (or JAN to DEC)" : i == 4
                                    ? " (or SUN to SAT)" : ""));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> value(String bound, int field) {
        if (bound.chars().allMatch(Character::isDigit) && !bound.isEmpty() && bound.length() < 4) {
            return Optional.of(Integer.parseInt(bound));
        }
        String name = bound.toUpperCase(Locale.ROOT);
        if (field == 3 && MONTHS.contains(name)) {
            return Optional.of(MONTHS.indexOf(name) + 1);
        }
        if (field == 4 && DAYS.contains(name)) {
            return Optional.of(DAYS.indexOf(name));
        }
        return Optional.empty();
    }
}
