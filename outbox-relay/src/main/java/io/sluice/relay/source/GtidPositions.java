package io.sluice.relay.source;

import java.util.HashMap;
import java.util.Map;

/** MariaDB GTID positions ({@code domain-server-sequence}, comma-separated): the highest sequence of each domain. */
final class GtidPositions {

    private GtidPositions() {
    }

    /** @param gtids e.g. {@code 0-7-46,1-7-3}; blank: none; entries of another form (a MySQL UUID set) are skipped */
    static Map<Long, Long> parse(String gtids) {
        Map<Long, Long> highest = new HashMap<>();
        for (String gtid : gtids.split(",")) {
            String[] parts = gtid.trim().split("-");
            if (parts.length == 3 && parts[0].chars().allMatch(Character::isDigit) && parts[2].chars().allMatch(Character::isDigit)
                    && !parts[0].isEmpty() && !parts[2].isEmpty()) {
                highest.merge(Long.parseLong(parts[0]), Long.parseLong(parts[2]), Math::max);
            }
        }
        return highest;
    }
}
