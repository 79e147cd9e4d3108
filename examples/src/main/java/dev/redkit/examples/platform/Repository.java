package dev.redkit.examples.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every SQL statement of the app, in plain JDBC. Thread-safe: each call borrows its own connection. An
 * optional artificial latency on catalogue reads ({@code DB_LATENCY_MS}) imitates a database across a
 * network, so the cache's effect is visible even on in-process H2.
 */
public final class Repository {

    private static final String OFFER_SELECT = "SELECT o.id, o.merchant_id, m.slug, o.title, o.cashback_bps"
            + " FROM offers o JOIN merchants m ON m.id = o.merchant_id";
    private static final String USER_SELECT = "SELECT u.id, u.phone, u.name, u.email, u.referred_by, w.balance_cents"
            + " FROM users u JOIN wallets w ON w.user_id = u.id";

    private final Database db;
    private final Duration readLatency;

    /**
     * @param db the database
     * @param readLatency artificial latency added to catalogue reads (zero for none)
     */
    public Repository(Database db, Duration readLatency) {
        this.db = db;
        this.readLatency = readLatency;
    }

    /**
     * Result of recording a merchant's order: its id, the cashback credited, whether it was the user's first
     * order, and whether the merchant had reported this order before (then nothing was credited again).
     */
    public record PlacedOrder(long id, long cashbackCents, boolean firstOrder, boolean duplicate) {}

    /** A user's click on an offer, which a merchant's postback refers to. */
    public record Click(String id, long userId, long offerId, Instant createdAt) {}

    /**
     * @param slug the merchant slug
     * @return the merchant's id and the secret it signs postbacks with, or null if there is no such merchant
     */
    public Map.@Nullable Entry<Long, String> postbackSecret(String slug) {
        return query(
                        "SELECT id, postback_secret FROM merchants WHERE slug = ? AND postback_secret IS NOT NULL",
                        ps -> ps.setString(1, slug),
                        rs -> Map.entry(rs.getLong(1), rs.getString(2)))
                .stream()
                .findFirst()
                .orElse(null);
    }

    /**
     * Records a logged-in user's click.
     *
     * @param clickId a fresh random id
     * @param userId the user
     * @param offerId the offer
     */
    public void recordClick(String clickId, long userId, long offerId) {
        update("INSERT INTO clicks (id, user_id, offer_id, created_at) VALUES (?, ?, ?, ?)", ps -> {
            ps.setString(1, clickId);
            ps.setLong(2, userId);
            ps.setLong(3, offerId);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
        });
    }

    /**
     * @param clickId the click id
     * @return the click, or null
     */
    public @Nullable Click findClick(String clickId) {
        return query(
                        "SELECT id, user_id, offer_id, created_at FROM clicks WHERE id = ?",
                        ps -> ps.setString(1, clickId),
                        rs -> new Click(
                                rs.getString(1),
                                rs.getLong(2),
                                rs.getLong(3),
                                rs.getTimestamp(4).toInstant()))
                .stream()
                .findFirst()
                .orElse(null);
    }

    /**
     * @param slug the merchant slug
     * @return the merchant, or null if there is none
     */
    public @Nullable Merchant findMerchantBySlug(String slug) {
        simulateLatency();
        return query(
                        "SELECT id, slug, name, category, cashback_bps, description FROM merchants WHERE slug = ?",
                        ps -> ps.setString(1, slug),
                        Repository::merchant)
                .stream()
                .findFirst()
                .orElse(null);
    }

    /**
     * @param id the merchant id
     * @return the merchant, or null
     */
    public @Nullable Merchant findMerchantById(long id) {
        return query(
                        "SELECT id, slug, name, category, cashback_bps, description FROM merchants WHERE id = ?",
                        ps -> ps.setLong(1, id),
                        Repository::merchant)
                .stream()
                .findFirst()
                .orElse(null);
    }

    /**
     * Updates the given fields of a merchant.
     *
     * @param id the merchant id
     * @param name the new name, or null to keep it
     * @param cashbackBps the new cashback, or null to keep it
     * @param description the new description, or null to keep it
     * @return the updated merchant, or null if there is none
     */
    public Merchant updateMerchant(
            long id, @Nullable String name, @Nullable Integer cashbackBps, @Nullable String description) {
        update(
                "UPDATE merchants SET name = COALESCE(?, name), cashback_bps = COALESCE(?, cashback_bps),"
                        + " description = COALESCE(?, description) WHERE id = ?",
                ps -> {
                    ps.setString(1, name);
                    ps.setObject(2, cashbackBps);
                    ps.setString(3, description);
                    ps.setLong(4, id);
                });
        Merchant updated = findMerchantById(id);
        if (updated == null) {
            throw new IllegalStateException("merchant " + id + " was deleted during its update");
        }
        return updated;
    }

    /**
     * @param limit how many
     * @return the offers with the highest cashback, best first
     */
    public List<Offer> topOffers(int limit) {
        simulateLatency();
        return query(
                OFFER_SELECT + " ORDER BY o.cashback_bps DESC, o.id FETCH FIRST " + limit + " ROWS ONLY",
                ps -> {},
                Repository::offer);
    }

    /**
     * @param id the offer id
     * @return the offer, or null
     */
    public @Nullable Offer findOffer(long id) {
        simulateLatency();
        return query(OFFER_SELECT + " WHERE o.id = ?", ps -> ps.setLong(1, id), Repository::offer).stream()
                .findFirst()
                .orElse(null);
    }

    /**
     * @param phone the normalised phone number
     * @return the user, or null
     */
    public @Nullable User findUserByPhone(String phone) {
        return query(USER_SELECT + " WHERE u.phone = ?", ps -> ps.setString(1, phone), Repository::user).stream()
                .findFirst()
                .orElse(null);
    }

    /**
     * @param id the user id
     * @return the user, or null
     */
    public @Nullable User findUser(long id) {
        return query(USER_SELECT + " WHERE u.id = ?", ps -> ps.setLong(1, id), Repository::user).stream()
                .findFirst()
                .orElse(null);
    }

    /**
     * Finds the user with this phone or signs them up with an empty wallet.
     *
     * @param phone the normalised phone number
     * @return the user
     */
    public User findOrCreateUser(String phone) {
        User existing = findUserByPhone(phone);
        if (existing != null) {
            return existing;
        }
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement u = c.prepareStatement(
                    "INSERT INTO users (phone, name, email) VALUES (?, ?, ?)", new String[] {"id"})) {
                String digits = phone.replace("+", "");
                u.setString(1, phone);
                u.setString(2, "User " + digits.substring(Math.max(0, digits.length() - 4)));
                u.setString(3, digits + "@users.example.com");
                u.executeUpdate();
                long id;
                try (ResultSet keys = u.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
                try (PreparedStatement w =
                        c.prepareStatement("INSERT INTO wallets (user_id, balance_cents, fence) VALUES (?, 0, 0)")) {
                    w.setLong(1, id);
                    w.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                User raced = findUserByPhone(phone);
                if (raced != null) {
                    return raced;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        User user = findUserByPhone(phone);
        if (user == null) {
            throw new IllegalStateException("user " + phone + " was deleted as it was created");
        }
        return user;
    }

    /**
     * Records an order a merchant reported and credits its cashback to the wallet, in one transaction. The
     * merchant's order reference is unique per merchant: a second report of the same order credits nothing and
     * returns the first one, marked {@code duplicate}.
     *
     * @param userId the buyer (from the click)
     * @param offer the offer clicked
     * @param amountCents the order amount the merchant reported
     * @param orderRef the merchant's order reference
     * @param clickId the click the order is attributed to
     * @return the recorded order
     */
    public PlacedOrder placeOrder(long userId, Offer offer, long amountCents, String orderRef, String clickId) {
        long cashback = amountCents * offer.cashbackBps() / 10_000;
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                boolean first;
                try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM orders WHERE user_id = ?")) {
                    count.setLong(1, userId);
                    try (ResultSet rs = count.executeQuery()) {
                        rs.next();
                        first = rs.getLong(1) == 0;
                    }
                }
                long id;
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO orders (user_id, offer_id, amount_cents,"
                                + " cashback_cents, created_at, merchant_id, merchant_order_ref, click_id)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        new String[] {"id"})) {
                    ins.setLong(1, userId);
                    ins.setLong(2, offer.id());
                    ins.setLong(3, amountCents);
                    ins.setLong(4, cashback);
                    ins.setTimestamp(5, Timestamp.from(Instant.now()));
                    ins.setLong(6, offer.merchantId());
                    ins.setString(7, orderRef);
                    ins.setString(8, clickId);
                    ins.executeUpdate();
                    try (ResultSet keys = ins.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                try (PreparedStatement credit =
                        c.prepareStatement("UPDATE wallets SET balance_cents = balance_cents + ? WHERE user_id = ?")) {
                    credit.setLong(1, cashback);
                    credit.setLong(2, userId);
                    credit.executeUpdate();
                }
                c.commit();
                return new PlacedOrder(id, cashback, first, false);
            } catch (SQLException e) {
                c.rollback();
                if (!"23505".equals(e.getSQLState())) { // unique violation: this order was reported before
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return query(
                        "SELECT id, cashback_cents FROM orders WHERE merchant_id = ? AND merchant_order_ref = ?",
                        ps -> {
                            ps.setLong(1, offer.merchantId());
                            ps.setString(2, orderRef);
                        },
                        rs -> new PlacedOrder(rs.getLong(1), rs.getLong(2), false, true))
                .stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "order " + orderRef + " was refused as a duplicate but is not there"));
    }

    /**
     * Withdraws from a wallet if the fencing token is newer than the last one the wallet accepted and the
     * balance covers the amount: one conditional {@code UPDATE}, so a lock holder whose lease expired (and
     * whose token is therefore older than its successor's) cannot write.
     *
     * @param userId the wallet owner
     * @param amountCents the amount
     * @param fence the lock's fencing token
     * @return true if the withdrawal was applied
     */
    public boolean withdraw(long userId, long amountCents, long fence) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                int rows;
                try (PreparedStatement ps = c.prepareStatement("UPDATE wallets SET balance_cents = balance_cents - ?,"
                        + " fence = ? WHERE user_id = ? AND fence < ? AND balance_cents >= ?")) {
                    ps.setLong(1, amountCents);
                    ps.setLong(2, fence);
                    ps.setLong(3, userId);
                    ps.setLong(4, fence);
                    ps.setLong(5, amountCents);
                    rows = ps.executeUpdate();
                }
                if (rows == 1) {
                    try (PreparedStatement log = c.prepareStatement(
                            "INSERT INTO withdrawals (user_id, amount_cents, fence, created_at) VALUES (?, ?, ?, ?)")) {
                        log.setLong(1, userId);
                        log.setLong(2, amountCents);
                        log.setLong(3, fence);
                        log.setTimestamp(4, Timestamp.from(Instant.now()));
                        log.executeUpdate();
                    }
                }
                c.commit();
                return rows == 1;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /**
     * @return referral counts per referring user id, with the referrer's name
     */
    public Map<Long, Map.Entry<String, Long>> referralCounts() {
        Map<Long, Map.Entry<String, Long>> out = new LinkedHashMap<>();
        for (Object[] row : query(
                "SELECT r.id, r.name, COUNT(*) FROM users u JOIN users r ON r.id = u.referred_by"
                        + " GROUP BY r.id, r.name",
                ps -> {},
                rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3)})) {
            out.put((Long) row[0], Map.entry((String) row[1], (Long) row[2]));
        }
        return out;
    }

    /**
     * @return the round-trip time of {@code SELECT 1}
     */
    public Duration ping() {
        long start = System.nanoTime();
        query("SELECT 1", ps -> {}, rs -> rs.getInt(1));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void simulateLatency() {
        if (!readLatency.isZero()) {
            try {
                Thread.sleep(readLatency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private int update(String sql, Binder binder) {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static Merchant merchant(ResultSet rs) throws SQLException {
        return new Merchant(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6));
    }

    private static Offer offer(ResultSet rs) throws SQLException {
        return new Offer(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5));
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6));
    }

    /** A database failure, reported as 503 by the app. */
    public static final class DataAccessException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DataAccessException(SQLException cause) {
            super("database error: " + cause.getMessage(), cause);
        }
    }
}
