package org.cytoarrow.report;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Text on plots that survives a JVM without usable fonts. A headless JDK on a machine with no fontconfig fonts
 * (a fresh Debian with only a JDK) fails on the first text operation, with a NullPointerException or an
 * {@code InternalError}/{@code Error} from {@code sun.awt.FontConfiguration} or the font manager. The first such
 * failure turns text off for good (for every plot drawn through this instance), logs one warning, and the plots
 * are drawn without text instead of failing the samples.
 *
 * <p>While text is off, widths and heights are 0 and drawing does nothing. Thread-safe.
 */
final class PlotText {
    /** The real Java2D text operations; tests substitute one that fails like a font-less JVM. */
    interface Backend {
        FontMetrics metrics(Graphics2D g, Font font);

        void draw(Graphics2D g, String text, float x, float y);
    }

    static final Backend JAVA2D = new Backend() {
        @Override
        public FontMetrics metrics(Graphics2D g, Font font) {
            g.setFont(font);
            return g.getFontMetrics();
        }

        @Override
        public void draw(Graphics2D g, String text, float x, float y) {
            g.drawString(text, x, y);
        }
    };

    /** The instance all default renderers share, so the warning is printed once per JVM. */
    static final PlotText SHARED = new PlotText(JAVA2D);

    private static final System.Logger LOG = System.getLogger(PlotText.class.getName());

    private final Backend backend;
    private final AtomicBoolean broken = new AtomicBoolean();
    private volatile Throwable cause;

    PlotText(Backend backend) {
        this.backend = backend;
    }

    /** False once text has failed. */
    boolean enabled() {
        return !broken.get();
    }

    /** The failure that turned text off, or null. */
    Throwable cause() {
        return cause;
    }

    /** Text drawing on {@code g} in {@code font}: a small handle holding the metrics. */
    Pen pen(Graphics2D g, Font font) {
        if (!enabled()) {
            return new Pen(g, null);
        }
        try {
            return new Pen(g, backend.metrics(g, font));
        } catch (RuntimeException | Error e) {
            fail(e);
        }
        return new Pen(g, null);
    }

    /** Turns text off after a font failure; rethrows what is not one (out of memory, stack overflow). */
    private void fail(Throwable e) {
        if (e instanceof OutOfMemoryError oom) {
            throw oom;
        }
        if (e instanceof StackOverflowError soe) {
            throw soe;
        }
        if (broken.compareAndSet(false, true)) {
            cause = e;
            LOG.log(System.Logger.Level.WARNING, "Plots are drawn without text: this JVM cannot render fonts ("
                    + e + "). Install fonts (e.g. Debian: apt-get install fontconfig fonts-dejavu-core) to get"
                    + " axis labels and percentages.");
        }
    }

    /** Measures and draws strings in one font; all no-ops once text is off. */
    final class Pen {
        private final Graphics2D g;
        private final FontMetrics fm;

        private Pen(Graphics2D g, FontMetrics fm) {
            this.g = g;
            this.fm = fm;
        }

        int width(String s) {
            if (fm == null || !enabled()) {
                return 0;
            }
            try {
                return fm.stringWidth(s);
            } catch (RuntimeException | Error e) {
                fail(e);
                return 0;
            }
        }

        int ascent() {
            return fm == null ? 0 : fm.getAscent();
        }

        int descent() {
            return fm == null ? 0 : fm.getDescent();
        }

        /** Line height (ascent, descent and leading); 0 once text is off. */
        int height() {
            return fm == null ? 0 : fm.getHeight();
        }

        void draw(String s, float x, float y) {
            if (fm == null || !enabled()) {
                return;
            }
            try {
                backend.draw(g, s, x, y);
            } catch (RuntimeException | Error e) {
                fail(e);
            }
        }

        /** {@code s} shortened with an ellipsis to fit {@code max} pixels. */
        String fit(String s, int max) {
            if (width(s) <= max) {
                return s;
            }
            String t = s;
            while (!t.isEmpty() && width(t + "…") > max) {
                t = t.substring(0, t.length() - 1);
            }
            return t + "…";
        }
    }
}
