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
     * Copies the item list.
     *
     * @param number the 1-based page number
     * @param size the page size
     * @param totalItems the board's size
     * @param items the entries
     */
    public Page {
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
