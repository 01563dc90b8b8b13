extension Network {
    /// Checks the network's invariants (Invariants.swift); runs after every block with CASCADE_INVARIANTS.
    /// The base fee is finite and > 0; mempool ids strictly increase (submission order is id order, which
    /// the tie-break relies on); no pending transaction could never fit in a block.
    func _checkInvariants() {
        _invariant(baseFeeGwei.isFinite && baseFeeGwei > 0, "Base fee must stay finite and > 0, got \(baseFeeGwei)")
        _invariant(zip(mempool.pending, mempool.pending.dropFirst()).allSatisfy { $0.id < $1.id },
                   "Mempool out of submission order: \(mempool.pending.map(\.id))")
        _invariant(mempool.pending.allSatisfy { $0.gasUsed <= config.gasLimit }, "A pending transaction exceeds the gas limit")
    }
}
