package dev.redkit.examples.platform;

/**
 * A user with the wallet balance.
 *
 * @param id the id
 * @param phone the phone number (login)
 * @param name the display name
 * @param email the e-mail address for receipts
 * @param referredBy the id of the user who referred this one, or 0
 * @param balanceCents the wallet balance in cents
 */
public record User(long id, String phone, String name, String email, long referredBy, long balanceCents) {}
