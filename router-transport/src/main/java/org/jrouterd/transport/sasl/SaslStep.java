package org.jrouterd.transport.sasl;

/**
 * The result of evaluating one SASL response.
 *
 * @param status what happens next
 * @param data   the challenge to send when {@code status} is {@link Status#CHALLENGE}; the outcome's additional
 *               data (e.g. SCRAM's server-final-message) on {@link Status#SUCCESS}, or null
 * @param user   the authenticated identity when {@code status} is {@link Status#SUCCESS}, else the user name the
 *               client claimed (for the log), or null
 * @param reason why authentication failed, for the log (never sent to the client), or null
 */
public record SaslStep(Status status, byte[] data, String user, String reason) {

    /** Outcome of one step. */
    public enum Status { SUCCESS, FAILURE, CHALLENGE }

    /** Authentication succeeded for {@code user}. */
    public static SaslStep success(String user) {
        return new SaslStep(Status.SUCCESS, null, user, null);
    }

    /** Authentication succeeded for {@code user}; {@code additionalData} goes in the outcome. */
    public static SaslStep success(String user, byte[] additionalData) {
        return new SaslStep(Status.SUCCESS, additionalData, user, null);
    }

    /** Authentication failed, for {@code reason}; {@code claimedUser} may be null. */
    public static SaslStep failure(String claimedUser, String reason) {
        return new SaslStep(Status.FAILURE, null, claimedUser, reason);
    }

    /** Another round: send {@code challenge} and wait for a response. */
    public static SaslStep challenge(byte[] challenge) {
        return new SaslStep(Status.CHALLENGE, challenge, null, null);
    }
}
