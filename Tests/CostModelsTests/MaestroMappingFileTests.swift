import CostModels
import Testing

@Suite("MAESTRO mapping files")
struct MaestroMappingFileTests {
    /// Two ResNet-50 layers in MAESTRO's own format (`data/mapping/Resnet50_kcp_ws.m` style): the
    /// second takes the first's dataflow, sizes come from a Constant, and a comment ends a line.
    static let resnet = """
        // ResNet-50 as MAESTRO ships it (kcp_ws = NVDLA-style)
        Constant KTile 64;
        Network Resnet50 {
        \tLayer CONV2_1_2 {
        \t\tType: CONV
        \t\tStride { X: 1, Y: 1 }
        \t\tDimensions { K: 64, C: 64, R: 3, S: 3, Y: 56, X: 56 }
        \t\tDataflow {
        \t\t\tSpatialMap(1,1) K;
        \t\t\tTemporalMap(KTile,KTile) C;
        \t\t\tTemporalMap(Sz(R),Sz(R)) R;
        \t\t\tTemporalMap(Sz(S),Sz(S)) S;
        \t\t\tTemporalMap(Sz(R),1) Y;
        \t\t\tTemporalMap(Sz(S),1) X;\t
        \t\t\tCluster(64, P);
        \t\t\tSpatialMap(1,1) C;
        \t\t\tTemporalMap(Sz(R),1) Y;
        \t\t\tTemporalMap(Sz(S),1) X;
        \t\t\tTemporalMap(Sz(R),Sz(R)) R;
        \t\t\tTemporalMap(Sz(S),Sz(S)) S;
        \t\t}
        \t}
        \tLayer CONV2_2_1 {
        \t\tType: CONV //2048 -> 512
        \t\tDimensions { K: 64, C: 256, R: 1, S: 1, Y: 56, X: 56 }
        \t}
        }
        """

    @Test(
        """
        A mapping file in MAESTRO's format evaluates unchanged, and gives what the dla \
        template gives
        """
    )
    func resnetFile() throws {
        let file = try MaestroMappingFile(text: Self.resnet, file: "Resnet50_kcp_ws.m")
        #expect(file.networkName == "Resnet50")
        #expect(file.layers.map(\.name) == ["CONV2_1_2", "CONV2_2_1"])
        #expect(file.layers[1].dataflow.directives == file.layers[0].dataflow.directives)
        let hardware = DataflowHardware(
            processingElements: 256, nocBandwidth: 32, offChipBandwidth: 1_000_000_000)
        let first = try DataflowCostModel.evaluate(
            try #require(file.layer(named: "CONV2_1_2")), hardware: hardware)
        // The shared dev data: ResNet-50 CONV2_1_2 on dla, 256 PEs, NoC 32.
        #expect(first.runtimeCycles == 2_053_358)
        #expect(first.macs == 107_495_424)
        #expect(first.l2ElementsRequired == 5768 && first.l1ElementsRequired == 54)
        let template = try DataflowCostModel.evaluate(
            .conv(K: 64, C: 256, R: 1, S: 1, Y: 56, X: 56), template: .dla, hardware: hardware)
        #expect(try DataflowCostModel.evaluate(file.layers[1], hardware: hardware) == template)
        // the dev data's 1×1 256→64 row at 256 PEs, NoC 32
        #expect(template.runtimeCycles == 803_110)
    }

    @Test("MAESTRO's tokenizer: punctuation is a separator, so sloppy spacing reads the same")
    func tokenizer() throws {
        let tidy = try MaestroMappingFile(
            text: "Dataflow { SpatialMap(1,1) K; TemporalMap(64,64) C; Cluster(8,P); }")
        let sloppy = try MaestroMappingFile(
            text: "Dataflow {\n  SpatialMap 1 1 K\n  TemporalMap (64 , 64) C;;\n Cluster(8 P) }")
        #expect(tidy.dataflows.map(\.directives) == sloppy.dataflows.map(\.directives))
        #expect(tidy.dataflows.first?.directives.count == 3)
        #expect(tidy.dataflows.first?.description.contains("Cluster(8,P);") == true)
        // Names with '-' (MAESTRO's frontend writes `Layer Conv2d-56`) stay whole; a repeated equal
        // dimension is harmless.
        let named = try MaestroMappingFile(
            text:
                """
                Network N { Layer Conv2d-56 { Type: CONV Dimensions { N: 1, N: 1, K: 4, C: 4, \
                R: 1, S: 1, Y: 2, X: 2 } Dataflow { SpatialMap(1,1) K; } } }
                """
        )
        #expect(named.layers.first?.name == "Conv2d-56")
        #expect(named.layers.first?.size(.N) == 1)
    }

    @Test(
        "Bad files: the line and what is wrong",
        arguments: [
            ("Network N {\n Layer L {\n Type: FC\n }\n}", 3, "MAESTRO leaves FC unimplemented"),
            (
                """
                Network N {\n Layer L {\n Type: CONV\n Dimensions { K: 4, C: 4, R: 3, S: 3, Y: \
                8, X: 8 }\n Stride { X: 2 }\n }\n}
                """,
                5, "Stride block must come before Dimensions"
            ),
            (
                """
                Network N {\n Layer L {\n Type: CONV\n Dimensions { K: 4, C: 4, R: 3, S: 3, Y: \
                8 X: 8 }\n Dataflow {\n SpatialMap(1,1) K;\n Bogus(1) C;\n }\n }\n}
                """,
                7, "expected SpatialMap, TemporalMap, Cluster"
            ),
            (
                """
                Network N {\n Layer L {\n Type: CONV\n Dimensions { K: 4, C: 4, R: 3, S: 3, Y: \
                8, Q: 8 }\n }\n}
                """,
                4, "unknown dimension 'Q'"
            ),
            (
                """
                Network N {\n Layer L {\n Type: CONV\n Dimensions { K: 4, C: 4, R: 3, S: 3, Y: \
                8, X: 0 }\n }\n}
                """,
                4, "must be at least 1"
            ),
            (
                """
                Network N {\n Layer L {\n Type: CONV\n Dimensions { K: 4, C: 4, R: 3, S: 3, Y: \
                8, X: 8 }\n }\n}
                """,
                2, "no Dataflow block"
            ),
            (
                """
                Network N {\n Layer L {\n Type: CONV\n Dimensions { K: 4, C: 4, R: 3, S: 3, Y: \
                2, X: 2 }\n Dataflow { SpatialMap(1,1) K; }\n }\n}
                """,
                2, "larger than the 2×2 input"
            ),
            (
                """
                Network N {\n Layer L {\n Type: DSCONV\n Dimensions { K: 3, C: 4, R: 3, S: 3, \
                Y: 8, X: 8 }\n Dataflow { SpatialMap(1,1) C; }\n }\n}
                """,
                2, "K: 1 (MAESTRO's convention) or K = C"
            ),
            (
                "Dataflow {\n SpatialMap(1,1) K;\n Cluster(8, Q);\n}", 3,
                "P (physical) or L (logical)"
            ),
            ("Dataflow {\n SpatialMap(Sz(W),1) K;\n}", 2, "Sz(W): unknown dimension"),
            ("Network N {\n Layer L {", 2, "the file ends"),
            ("Hello", 1, "expected Network, Constant or Dataflow"),
        ] as [(String, Int, String)])
    func badFiles(_ text: String, _ line: Int, _ message: String) {
        do {
            _ = try MaestroMappingFile(text: text, file: "bad.m")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            #expect(error.description.hasPrefix("bad.m:\(line): "))
        }
    }

    @Test(
        "Mappings MAESTRO itself stops on are errors naming the directive's line",
        arguments: [
            // MAESTRO: "Tile size of R(1) should be equal to tile offset of R(7)" (its
            // googlenet_ykp_os.m).
            ("TemporalMap(Sz(R),7) R;", "must equal the offset"),
            ("TemporalMap(1,1) R;", "must equal the dimension's size (3)"),
            ("TemporalMap(1,1) K;", "no SpatialMap"),
            ("SpatialMap(1,1) K; SpatialMap(1,1) C; SpatialMap(1,1) Y;", "at most two"),
            ("SpatialMap(Sz(M),1) K;", "has no dimension M"),
            ("SpatialMap(1,1) K; Cluster(2000,P);", "at least 2000 PEs"),
        ] as [(String, String)])
    func invalidMappings(_ directives: String, _ message: String) throws {
        let text =
            """
            Network N {\nLayer L {\nType: CONV\nDimensions { K: 4, C: 4, R: 3, S: 3, Y: 8, X: \
            8 }\nDataflow {\n\(directives)\n}\n}\n}
            """
        let layer = try #require(try MaestroMappingFile(text: text).layers.first)
        do {
            _ = try DataflowCostModel.evaluate(
                layer, hardware: DataflowHardware(processingElements: 256, nocBandwidth: 32))
            Issue.record("accepted: \(directives)")
        } catch {
            #expect(error.message.contains(message), "\(error)")
            #expect(error.line == 6 || error.line == 2, "\(error)")
        }
    }

    @Test("A GEMM layer in MAESTRO's GEMM convention (M×K times K×N)")
    func gemm() throws {
        let text = """
            Constant SzM 100;
            Network BLAS3 { Layer BLAS { Type: GEMM Dimensions { K: 100, M: SzM, N: 100 }
              Dataflow { TemporalMap(1,1) N; SpatialMap(1,1) M; TemporalMap(100,100) K; \
            Cluster(100, P); TemporalMap(1,1) N; TemporalMap(1,1) M; SpatialMap(1,1) K; } } }
            """
        let layer = try #require(try MaestroMappingFile(text: text).layers.first)
        #expect(layer.analyticMACs == 1_000_000)
        let cost = try DataflowCostModel.evaluate(
            layer, hardware: DataflowHardware(processingElements: 256, nocBandwidth: 64))
        #expect(cost.macs == 1_000_000)
        #expect(cost.output.l2Reads == 100 * 100)
        #expect(throws: DataflowMappingError.self) {
            try DataflowCostModel.evaluate(
                layer, hardware: DataflowHardware(processingElements: 64, nocBandwidth: 64))
        }
    }
}
