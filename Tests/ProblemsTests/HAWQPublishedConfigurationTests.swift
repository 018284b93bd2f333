import LinearModel
import Problems
import Testing

/// Our ILP against HAWQ-V3's published bit configurations: the authors' `bit_config.py`
/// (Zhen-Dong/HAWQ, configs `bit_config_<model>_<modelsize|bops|latency>_<fraction>`). Each entry
/// lists the layers the authors put at INT4; every other decided layer is INT8.
@Suite struct HAWQPublishedConfigurationTests {
    static let stage3 = [
        "stage3.unit1.quant_convbn1", "stage3.unit1.quant_convbn2",
        "stage3.unit1.quant_identity_convbn",
        "stage3.unit2.quant_convbn1", "stage3.unit2.quant_convbn2",
    ]
    static let stage4 = [
        "stage4.unit1.quant_convbn1", "stage4.unit1.quant_convbn2",
        "stage4.unit1.quant_identity_convbn",
        "stage4.unit2.quant_convbn1", "stage4.unit2.quant_convbn2",
    ]

    static let published: [String: [String]] = [
        "resnet18-size-0.75": ["stage3.unit2.quant_convbn2", "stage4.unit2.quant_convbn2"],
        "resnet18-size-0.5": [
            "stage4.unit1.quant_convbn2", "stage4.unit2.quant_convbn1",
            "stage4.unit2.quant_convbn2",
        ],
        "resnet18-size-0.25": stage4,
        "resnet18-bops-0.75": [
            "stage2.unit2.quant_convbn2", "stage3.unit2.quant_convbn2",
            "stage4.unit1.quant_convbn2", "stage4.unit2.quant_convbn2",
        ],
        "resnet18-bops-0.5": [
            "stage1.unit2.quant_convbn2", "stage2.unit2.quant_convbn2",
            "stage3.unit2.quant_convbn1", "stage3.unit2.quant_convbn2",
        ] + stage4,
        "resnet18-bops-0.25": [
            "stage1.unit2.quant_convbn2", "stage2.unit1.quant_convbn2",
            "stage2.unit2.quant_convbn1", "stage2.unit2.quant_convbn2",
        ] + stage3 + stage4,
        "resnet18-latency-0.75": [
            "stage2.unit2.quant_convbn2", "stage3.unit2.quant_convbn2",
            "stage4.unit1.quant_convbn2", "stage4.unit2.quant_convbn2",
        ],
        "resnet18-latency-0.5": [
            "stage2.unit1.quant_convbn2", "stage2.unit2.quant_convbn2",
            "stage3.unit2.quant_convbn1", "stage3.unit2.quant_convbn2",
            "stage4.unit1.quant_convbn2", "stage4.unit2.quant_convbn1",
            "stage4.unit2.quant_convbn2",
        ],
        "resnet18-latency-0.25": [
            "stage1.unit2.quant_convbn2", "stage2.unit1.quant_convbn2",
            "stage2.unit2.quant_convbn1", "stage2.unit2.quant_convbn2",
        ] + stage3 + stage4,
        "resnet50-size-0.75": [
            "stage4.unit1.quant_convbn2", "stage4.unit2.quant_convbn2",
            "stage4.unit3.quant_convbn2",
        ],
    ]

    @Test(arguments: published.keys.sorted())
    func ourILPReproducesThePublishedConfiguration(name: String) throws {
        let result = try MixedPrecisionTests.solve(
            try MixedPrecisionTests.load("hawq-v3-\(name).yaml"))
        let bits = try #require(result.bits)
        let int4 = zip(result.instance.layers, bits).filter { $0.1 == 4 }.map(\.0.name)
        #expect(Set(int4) == Set(Self.published[name] ?? []), "\(name): ours \(int4)")
    }
}
