package io.github.s3drreplicator.guarantee;

/**
 * What the start-up check found of one guarantee.
 *
 * @param state  held, missing (with what is missing), or not checked (the store did not answer, or nothing needs it)
 * @param detail what was found, in an operator's words
 */
public record Finding(Guarantee guarantee, State state, String detail) {

    public enum State {
        /** the store does what the guarantee needs */
        HELD,
        /** it does not: the service stops unless the risk was accepted */
        MISSING,
        /** not asked: nothing needs it, or the store could not be asked (a transient failure); never stops */
        NOT_CHECKED
    }

    public static Finding held(Guarantee guarantee, String detail) {
        return new Finding(guarantee, State.HELD, detail);
    }

    public static Finding missing(Guarantee guarantee, String detail) {
        return new Finding(guarantee, State.MISSING, detail);
    }

    public static Finding notChecked(Guarantee guarantee, String detail) {
        return new Finding(guarantee, State.NOT_CHECKED, detail);
    }
}
