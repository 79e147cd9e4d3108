package dev.redkit.leaderboard;

import java.util.List;

/**
 * One page of a board.
 *
 * @param number the 1-based page number asked for
 * @param size the page size asked for
 * @param totalItems the board's size when the page was read (same round trip)
 * @param items the entries on this page; empty beyond the end
 * @param <T> the item type
 */
public record Page<T>(int number, int size, long totalItems, List<T> items) {

    /**
     * Checks the numbers and copies the item list.
     *
     * @param number the 1-based page number, at least 1
     * @param size the page size, at least 1
     * @param totalItems the board's size, not negative
     * @param items the entries, not null
     * @throws IllegalArgumentException if a number is out of range
     */
    public Page {
        if (number < 1 || size < 1 || totalItems < 0) {
            throw new IllegalArgumentException("number and size must be positive and totalItems not negative, were "
                    + number + ", " + size + ", " + totalItems);
        }
        items = List.copyOf(items);
    }

    /** @return the number of pages the board fills, 0 for an empty board */
    public long totalPages() {
        return (totalItems + size - 1) / size;
    }

    /** @return whether a later page has entries */
    public boolean hasNext() {
        return (long) number * size < totalItems;
    }
}
