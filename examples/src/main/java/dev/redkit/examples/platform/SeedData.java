package dev.redkit.examples.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The demo data written on first start: 12 merchants with 3 offers each and 20 users with wallets (user i
 * logs in with {@link #phone(int)}; users 4-20 were referred by users 1-3).
 */
final class SeedData {

    /** Seeded users log in with these phone numbers: {@code +15550000001} to {@code +15550000020}. */
    static final int USERS = 20;

    private static final String[][] MERCHANTS = {
        {"amazon", "Amazon", "marketplace"}, {"flipkart", "Flipkart", "marketplace"}, {"myntra", "Myntra", "fashion"},
        {"nike", "Nike", "fashion"}, {"booking", "Booking.com", "travel"}, {"airbnb", "Airbnb", "travel"},
        {"uber-eats", "Uber Eats", "food"}, {"swiggy", "Swiggy", "food"}, {"apple", "Apple Store", "electronics"},
        {"croma", "Croma", "electronics"}, {"nykaa", "Nykaa", "beauty"}, {"decathlon", "Decathlon", "sports"},
    };

    private static final String[] OFFER_KINDS = {"Sitewide cashback", "New customer bonus", "Weekend deal"};

    private SeedData() {}

    static void write(Connection c) throws SQLException {
        try (PreparedStatement m = c.prepareStatement(
                        "INSERT INTO merchants (id, slug, name, category, cashback_bps, description) VALUES (?, ?, ?, ?, ?, ?)");
                PreparedStatement o = c.prepareStatement(
                        "INSERT INTO offers (id, merchant_id, title, cashback_bps) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < MERCHANTS.length; i++) {
                long id = i + 1;
                int bps = 100 + (i * 73) % 700;
                m.setLong(1, id);
                m.setString(2, MERCHANTS[i][0]);
                m.setString(3, MERCHANTS[i][1]);
                m.setString(4, MERCHANTS[i][2]);
                m.setInt(5, bps);
                m.setString(6, "Earn cashback on every " + MERCHANTS[i][1] + " purchase.");
                m.addBatch();
                for (int k = 0; k < OFFER_KINDS.length; k++) {
                    o.setLong(1, id * 10 + k);
                    o.setLong(2, id);
                    o.setString(3, OFFER_KINDS[k] + " at " + MERCHANTS[i][1]);
                    o.setInt(4, bps + k * 150 + (int) (id * 37 % 200));
                    o.addBatch();
                }
            }
            m.executeBatch();
            o.executeBatch();
        }
        try (PreparedStatement u = c.prepareStatement(
                        "INSERT INTO users (id, phone, name, email, referred_by) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement w =
                        c.prepareStatement("INSERT INTO wallets (user_id, balance_cents, fence) VALUES (?, ?, 0)")) {
            for (int i = 1; i <= USERS; i++) {
                u.setLong(1, i);
                u.setString(2, phone(i));
                u.setString(3, "Demo User " + i);
                u.setString(4, email(i));
                if (i > 3) {
                    u.setLong(5, 1 + i % 3);
                } else {
                    u.setNull(5, java.sql.Types.BIGINT);
                }
                u.addBatch();
                w.setLong(1, i);
                w.setLong(2, 5_000L + i * 1_000L);
                w.addBatch();
            }
            u.executeBatch();
            w.executeBatch();
        }
        fillPostbackSecrets(c);
        // Identity columns start after the seeded ids (H2 and PostgreSQL both accept this form).
        try (var st = c.createStatement()) {
            st.execute("ALTER TABLE users ALTER COLUMN id RESTART WITH " + (USERS + 1));
        }
    }

    /**
     * Gives every merchant without a postback secret a random one (32 random bytes, base64url): the key of the
     * HMAC it signs its order postbacks with. Random per database, never in the source, so a published demo
     * cannot be fed forged orders with a secret from GitHub.
     */
    static void fillPostbackSecrets(Connection c) throws SQLException {
        java.util.List<Long> missing = new java.util.ArrayList<>();
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT id FROM merchants WHERE postback_secret IS NULL")) {
            while (rs.next()) {
                missing.add(rs.getLong(1));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE merchants SET postback_secret = ? WHERE id = ? AND postback_secret IS NULL")) {
            for (long id : missing) {
                ps.setString(1, dev.redkit.core.SecretHasher.randomToken(32));
                ps.setLong(2, id);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Users 13 and 14 have addresses the demo mailer fails on (once, and always), so the e-mail queue shows
     * retries and dead letters.
     */
    static String email(int i) {
        return i == 13 ? "user13@flaky.example" : i == 14 ? "user14@bounce.example" : "user" + i + "@example.com";
    }

    /** @return the seeded merchant slugs */
    static java.util.List<String> slugs() {
        return java.util.Arrays.stream(MERCHANTS).map(m -> m[0]).toList();
    }

    /** @return the seeded offer ids */
    static java.util.List<Long> offerIds() {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (int i = 1; i <= MERCHANTS.length; i++) {
            for (int k = 0; k < OFFER_KINDS.length; k++) {
                ids.add(i * 10L + k);
            }
        }
        return ids;
    }

    /**
     * @param i the user number, 1-based
     * @return the seeded phone number of that user
     */
    static String phone(int i) {
        return String.format("+1555%07d", i);
    }
}
