package dev.fullchain.env;

/** Whether a tier can run here, and if not, why and how to enable it. */
public record Availability(boolean available, String reason) {

    public static Availability yes() {
        return new Availability(true, "");
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
