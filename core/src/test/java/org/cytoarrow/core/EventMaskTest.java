package org.cytoarrow.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventMaskTest {

    @Test
    void booleanOperationsMatchPerEventLogic() {
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 1000 + 37;
        boolean[] a = new boolean[n];
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextBoolean();
            b[i] = rnd.nextBoolean();
        }
        EventMask ma = EventMask.of(a);
        EventMask mb = EventMask.of(b);
        EventMask and = ma.and(mb);
        EventMask or = ma.or(mb);
        EventMask andNot = ma.andNot(mb);
        EventMask not = ma.not();
        int expectedAnd = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(a[i] && b[i], and.get(i));
            assertEquals(a[i] || b[i], or.get(i));
            assertEquals(a[i] && !b[i], andNot.get(i));
            assertEquals(!a[i], not.get(i));
            expectedAnd += a[i] && b[i] ? 1 : 0;
        }
        assertEquals(expectedAnd, and.count());
        assertEquals(n - ma.count(), not.count(), "not() must not set bits past the end");
    }

    @Test
    void allNoneAndIndices() {
        assertEquals(70, EventMask.all(70).count());
        assertEquals(0, EventMask.none(70).count());
        assertArrayEquals(new int[] {1, 64, 69}, EventMask.of(bits(70, 1, 64, 69)).indices());
        assertThrows(IllegalArgumentException.class, () -> EventMask.all(3).and(EventMask.all(4)));
    }

    @Test
    void wordsHoldEventIAtBitIModulo64OfWordIOver64() {
        EventMask m = EventMask.of(bits(130, 0, 63, 64, 129));
        assertEquals(3, EventMask.wordCount(m.size()));
        assertEquals(1L | 1L << 63, m.word(0));
        assertEquals(1L, m.word(1));
        assertEquals(1L << 1, m.word(2));
        assertEquals(0L, EventMask.all(130).word(2) >>> 2, "no bits past the end");
        assertThrows(IndexOutOfBoundsException.class, () -> m.word(3));
        long[] copy = m.toWords();
        copy[0] = 0;
        assertEquals(1L | 1L << 63, m.word(0), "toWords is a copy");
    }

    private static boolean[] bits(int n, int... on) {
        boolean[] b = new boolean[n];
        for (int i : on) {
            b[i] = true;
        }
        return b;
    }
}
