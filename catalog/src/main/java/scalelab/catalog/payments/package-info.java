/**
 * Payments of the e-commerce API: {@code POST /payments/checkout} charges a card for a shopping cart.
 *
 * <p>A card number is a JSON string of 13 to 19 ASCII digits, without spaces or dashes, with a valid Luhn
 * checksum ({@link scalelab.catalog.payments.CardNumber}); anything else is a 400. No real bank is
 * called. Stripe-style test numbers decide the outcome ({@link
 * scalelab.catalog.payments.Payments#DECLINED_TEST_CARDS}):
 *
 * <ul>
 *   <li>declined, 402 {@code PAYMENT_DECLINED} (400 at the cart checkout): {@code 4000000000000002} card_declined, {@code
 *       4000000000009995} insufficient_funds, {@code 4000000000009987} lost_card, {@code
 *       4000000000009979} stolen_card, {@code 4000000000000069} expired_card;
 *   <li>approved: {@code 4242424242424242} (Visa), {@code 5555555555554444} (Mastercard), {@code
 *       378282246310005} (Amex), and every other valid number.
 * </ul>
 *
 * <p>The whole number lives only in the request body and in a {@link scalelab.catalog.payments.CardNumber}
 * during the request: the ledger, logs, error messages and answers carry at most its last 4 digits.
 */
package scalelab.catalog.payments;
