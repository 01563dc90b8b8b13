/// Durations as scenario files write them: `"500ms"`, `"90s"`, `"15m"`, `"1h"`, `"7d"`, `"2w"`, or
/// combinations such as `"1h30m"`.
public enum DurationText {
    static let units: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400), ("w", 604_800),
    ]

    /// The number of seconds `text` denotes, or `nil` when it is not a duration.
    public static func seconds(_ text: String) -> Double? {
        var rest = Substring(text.trimmed(" "))
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { $0.isLetter }
            guard let unit = units.first(where: { $0.suffix == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.seconds
        }
        return total
    }

    /// The shortest exact spelling of `seconds` ("1h", "90s", "1.5s"), for messages.
    public static func text(_ seconds: Double) -> String {
        if seconds == 0 { return "0s" }
        for (suffix, size) in units.reversed() where size >= 1 && seconds >= size && (seconds / size).rounded() == seconds / size {
            return "\(Int(seconds / size))\(suffix)"
        }
        return "\(seconds)s"
    }
}
