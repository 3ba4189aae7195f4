package dev.fullchain.model.workflow;

/** Three-valued logic for conditions that depend on what cannot be known from the files (vars, inputs, outputs). */
public enum Truth {
    TRUE, FALSE, UNKNOWN;

    public static Truth of(boolean b) {
        return b ? TRUE : FALSE;
    }

    public Truth and(Truth o) {
        if (this == FALSE || o == FALSE) {
            return FALSE;
        }
        return this == TRUE && o == TRUE ? TRUE : UNKNOWN;
    }

    public Truth or(Truth o) {
        if (this == TRUE || o == TRUE) {
            return TRUE;
        }
        return this == FALSE && o == FALSE ? FALSE : UNKNOWN;
    }

    public Truth not() {
        return this == UNKNOWN ? UNKNOWN : of(this == FALSE);
    }

    /** May be true: TRUE or UNKNOWN. */
    public boolean possible() {
        return this != FALSE;
    }
}
