package scalelab.flashsale.payment;

class InMemoryChargeLedgerTest extends ChargeLedgerContract {
    @Override
    ChargeLedger ledger() {
        return new InMemoryChargeLedger();
    }
}
