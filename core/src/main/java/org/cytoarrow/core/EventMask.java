package org.cytoarrow.core;

import java.util.Arrays;

/**
 * Which events of a sample belong to a population: an immutable bit set of fixed size, one bit per event.
 *
 * <p>Operations return new masks. Bits at positions {@code >= size} are always zero.
 */
public final class EventMask {
    private final long[] words;
    private final int size;

    private EventMask(long[] words, int size) {
        this.words = words;
        this.size = size;
    }

    /** A mask of {@code size} events, none selected. */
    public static EventMask none(int size) {
        return new EventMask(new long[wordCount(size)], size);
    }

    /** A mask of {@code size} events, all selected. */
    public static EventMask all(int size) {
        long[] w = new long[wordCount(size)];
        Arrays.fill(w, -1L);
        return new EventMask(clearTail(w, size), size);
    }

    /** Takes ownership of {@code words} (bits past {@code size} are cleared). */
    public static EventMask ofWords(long[] words, int size) {
        if (words.length != wordCount(size)) {
            throw new IllegalArgumentException("Need " + wordCount(size) + " words for " + size + " events, got "
                    + words.length);
        }
        return new EventMask(clearTail(words, size), size);
    }

    /** A mask from one boolean per event. */
    public static EventMask of(boolean[] member) {
        long[] w = new long[wordCount(member.length)];
        for (int i = 0; i < member.length; i++) {
            if (member[i]) {
                w[i >>> 6] |= 1L << i;
            }
        }
        return new EventMask(w, member.length);
    }

    public static int wordCount(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("Mask size must be >= 0, was " + size);
        }
        return (size + 63) >>> 6;
    }

    private static long[] clearTail(long[] w, int size) {
        int rem = size & 63;
        if (rem != 0 && w.length > 0) {
            w[w.length - 1] &= (1L << rem) - 1;
        }
        return w;
    }

    public int size() {
        return size;
    }

    public boolean get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("Event " + i + " outside mask of " + size);
        }
        return (words[i >>> 6] & (1L << i)) != 0;
    }

    /** Number of selected events. */
    public int count() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    public EventMask and(EventMask o) {
        check(o);
        long[] r = new long[words.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = words[i] & o.words[i];
        }
        return new EventMask(r, size);
    }

    public EventMask or(EventMask o) {
        check(o);
        long[] r = new long[words.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = words[i] | o.words[i];
        }
        return new EventMask(r, size);
    }

    public EventMask andNot(EventMask o) {
        check(o);
        long[] r = new long[words.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = words[i] & ~o.words[i];
        }
        return new EventMask(r, size);
    }

    public EventMask not() {
        long[] r = new long[words.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = ~words[i];
        }
        return new EventMask(clearTail(r, size), size);
    }

    /**
     * Word {@code w} of the mask, {@code 0 <= w < wordCount(size())}: bit i of word i/64 is event i. For loops over
     * the members without copying the words.
     */
    public long word(int w) {
        return words[w];
    }

    /** A copy of the words (bit i of word i/64 is event i). */
    public long[] toWords() {
        return words.clone();
    }

    /** Indices of the selected events in ascending order. */
    public int[] indices() {
        int[] out = new int[count()];
        int k = 0;
        for (int w = 0; w < words.length; w++) {
            long bits = words[w];
            while (bits != 0) {
                out[k++] = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
            }
        }
        return out;
    }

    private void check(EventMask o) {
        if (o.size != size) {
            throw new IllegalArgumentException("Masks differ in size: " + size + " vs " + o.size);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventMask m && m.size == size && Arrays.equals(m.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(words) + size;
    }

    @Override
    public String toString() {
        return "EventMask[" + count() + "/" + size + "]";
    }
}
