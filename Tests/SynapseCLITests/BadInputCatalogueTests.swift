import Foundation
import Testing
import SynapseCLI
import SynapseExamples
import Synapse

/// A catalogue of bad inputs, each run through the real `synapse` executable (built beside the
/// tests): every one must end with a non-zero exit, a first line on standard error that is one
/// sentence from Synapse (`synapse: …`, or the argument parser's `Error: …`) naming what is at
/// fault, no runtime trap or backtrace, and the input files unchanged.
@Suite(.serialized) struct BadInputCatalogueTests {
    /// A folder of inputs, good and bad, shared by the cases (written once).
    static let folder: String = {
        let folder = temporaryFolder()
        func write(_ name: String, _ text: String) { Fixtures.write(text, to: folder + "/" + name) }
        write("good.csv", Fixtures.classificationCSV(rows: 60))
        write("reg.csv", Fixtures.regressionCSV(rows: 60))
        write("wide1k.csv", (0..<1024).map { "f\($0)" }.joined(separator: ",") + ",y\n" + (0..<4).map { r in (0..<1025).map { String(($0 + r) % 7) }.joined(separator: ",") + "\n" }.joined())
        write("empty.csv", "")
        write("header.csv", "a,b,y\n")
        write("ragged.csv", "a,b,y\n1,2,0\n3,4\n5,6,1\n")
        write("quote.csv", "a,b,y\n1,\"2,0\n3,4,1\n")
        write("text.csv", "a,b,y\n1,x,0\n3,4,1\n5,6,0\n7,8,1\n")
        write("missing.csv", "a,b,y\n1,,0\n3,4,1\n5,6,0\n7,8,1\n")
        write("inf.csv", "a,b,y\n1,2,0\n3,inf,1\n5,6,0\n7,8,1\n")
        write("huge.csv", "a,b,y\n1,2,0\n3,1e39,1\n5,6,0\n7,8,1\n")
        write("nan.csv", "a,b,y\n1,2,0\n3,nan,1\n5,6,0\n7,8,1\n")
        write("extreme.csv", "a,b,y\n1,1e308,0\n3,-1e308,1\n5,6,0\n7,8,1\n")
        write("dup.csv", "a,y,y\n1,0,1\n3,1,0\n5,0,1\n7,1,0\n2,1,1\n4,0,0\n")
        write("onecls.csv", "a,b,y\n1,2,0\n3,4,0\n5,6,0\n7,8,0\n")
        write("textreg.csv", "a,b,y\n1,2,x\n3,4,y\n5,6,z\n7,8,w\n9,1,v\n2,3,u\n4,5,t\n6,7,s\n8,9,r\n1,1,q\n2,2,p\n")
        write("notjson.json", "{ this is not json")
        write("nolayers.json", "{\"name\": \"m\"}")
        write("badlayer.json", "{\"layers\": [{\"class_name\": \"Dense\", \"config\": {\"units\": -4}}]}")
        write("hugelayer.json", "{\"layers\": [{\"class_name\": \"Dense\", \"config\": {\"units\": 1000000000000}}]}")
        // Twenty Dense layers of 4096 units: each weight is allowed, the model is not (the runs
        // below plan for SYNAPSE_MEMORY_BYTES = 200 MB, so it is refused at its second layer).
        write("hugemodel.json", "{\"layers\": [" + (0..<20).map { _ in "{\"class_name\": \"Dense\", \"config\": {\"units\": 4096}}" }
            .joined(separator: ", ") + "]}")
        write("unknown.json", "{\"layers\": [{\"class_name\": \"Frobnicate\", \"config\": {}}]}")
        write("garbage.safetensors", String(repeating: "\u{7}garbage", count: 40))
        write("series.csv", "DATE,v\n" + (0..<40).map { "20\(10 + $0 / 12)-\(String(format: "%02d", $0 % 12 + 1))-01,\(Double($0 % 12) + Double($0) * 0.1)" }.joined(separator: "\n") + "\n")
        write("gap.csv", "DATE,v\n2020-01-01,1\n2020-02-01,2\n2020-04-01,3\n2020-05-01,4\n2020-06-01,5\n2020-07-01,6\n")
        write("baddate.csv", "DATE,v\n2020-01-01,1\n2020-02-31,2\n2020-03-01,3\n2020-04-01,4\n2020-05-01,5\n")
        try! FileManager.default.createDirectory(atPath: folder + "/afolder", withIntermediateDirectories: true)
        // Image folders: a broken picture, one class, no class folders, mixed sizes.
        for name in ["pics/a", "pics/b", "onepic/a/more", "nopics", "mixed/a", "mixed/b", "txtpics/a", "txtpics/b"] {
            try! FileManager.default.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: true)
        }
        let picture = try! Image(width: 4, height: 3, channels: 3, samples: (0..<36).map { UInt16($0 * 7) })
        for i in 1...3 {
            for name in ["pics/a", "pics/b", "onepic/a", "onepic/a/more", "mixed/a"] { try! picture.writePNG(to: folder + "/\(name)/\(i).png") }
            try! Image(width: 5, height: 5, channels: 1, samples: Array(repeating: 9, count: 25)).writePNG(to: folder + "/mixed/b/\(i).png")
        }
        try! Data(try! picture.pngData().prefix(60)).write(to: URL(fileURLWithPath: folder + "/pics/b/broken.png"))
        Fixtures.write("not a picture", to: folder + "/txtpics/a/notes.txt")
        // A trained model, and truncated copies of it.
        let run = synapse("train", "--data", folder + "/good.csv", "--target", "diagnosis", "--drop", "id",
                          "--layers", "dense:4:relu,dense:1:sigmoid", "--epochs", "2", "--out", folder + "/run", "--quiet")
        precondition(run.status == 0, run.errors)
        let model = FileManager.default.contents(atPath: folder + "/run/model.safetensors")!
        try! model.prefix(model.count / 2).write(to: URL(fileURLWithPath: folder + "/half.safetensors"))
        try! model.prefix(7).write(to: URL(fileURLWithPath: folder + "/seven.safetensors"))
        // The same model with a NaN in its first weight (safetensors: 8-byte header length, header, data).
        var nanModel = model
        let headerLength = Int(nanModel.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        nanModel.replaceSubrange((8 + headerLength)..<(12 + headerLength), with: [0x00, 0x00, 0xC0, 0x7F])
        try! FileManager.default.createDirectory(atPath: folder + "/nanrun", withIntermediateDirectories: true)
        try! nanModel.write(to: URL(fileURLWithPath: folder + "/nanrun/model.safetensors"))
        // Preprocessing files that do not hold together.
        let setup = String(decoding: FileManager.default.contents(atPath: folder + "/run/preprocessing.json")!, as: UTF8.self)
        for (name, text) in [("noclasses", setup.replacingOccurrences(of: "\"malignant\"", with: "").replacingOccurrences(of: "\"benign\",", with: "")),
                             ("traversal", setup.replacingOccurrences(of: "\"scaler.json\"", with: "\"../../etc/passwd\"")),
                             ("badtask", setup.replacingOccurrences(of: "\"classification\"", with: "\"guessing\""))] {
            try! FileManager.default.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: true)
            try! model.write(to: URL(fileURLWithPath: folder + "/\(name)/model.safetensors"))
            Fixtures.write(text, to: folder + "/\(name)/preprocessing.json")
            try? FileManager.default.copyItem(atPath: folder + "/run/scaler.json", toPath: folder + "/\(name)/scaler.json")
        }
        return folder
    }()

    /// (arguments with {d} for the folder, a text the error must contain).
    static let cases: [(String, String)] = [
        // train: files
        ("train --data {d}/nope.csv --target y --layers dense:1", "nope.csv"),
        ("train --data {d}/afolder --target y --layers dense:1", "afolder"),
        ("train --data /dev/zero --target y --layers dense:1", "/dev/zero"),
        ("train --data {d}/empty.csv --target y --layers dense:1", "empty.csv"),
        ("train --data {d}/header.csv --target y --layers dense:1", "header.csv"),
        ("train --data {d}/ragged.csv --target y --layers dense:1", "line 3"),
        ("train --data {d}/quote.csv --target y --layers dense:1", "quote.csv"),
        ("train --data {d}/text.csv --target y --layers dense:1", "'b'"),
        ("train --data {d}/missing.csv --target y --layers dense:1", "line 2"),
        ("train --data {d}/inf.csv --target y --layers dense:1", "line 3"),
        ("train --data {d}/huge.csv --target y --layers dense:1", "line 3"),
        ("train --data {d}/nan.csv --target y --layers dense:1", "'b'"),
        ("train --data {d}/onecls.csv --target y --layers dense:1:sigmoid", "one class"),
        ("train --data {d}/textreg.csv --target y --task regression --layers dense:1", "'y'"),
        ("train --data {d}/good.csv --target nosuch --layers dense:1", "nosuch"),
        ("train --data {d}/good.csv --target diagnosis --drop id,nosuch --layers dense:1", "nosuch"),
        ("train --data {d}/good.csv --target diagnosis --layers dense:1", "'id'"),
        // train: options
        ("train --data {d}/reg.csv --target y --layers dense:1 --epochs 0", "--epochs"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --epochs -1", "--epochs"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --batch-size 0", "--batch-size"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --batch-size -5", "--batch-size"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --test-size 0", "--test-size"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --test-size 1.5", "--test-size"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --test-size nan", "--test-size"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --seed -1", "--seed"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --scale log", "--scale"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --task guess", "--task"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --loss nosuchloss", "nosuchloss"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --optimizer nosuchopt", "nosuchopt"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --early-stopping val_loss", "--early-stopping"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --early-stopping val_loss:-2", "--early-stopping"),
        ("train --data {d}/reg.csv --target y", "--layers"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --model {d}/notjson.json", "--layers"),
        // train: layer specs
        ("train --data {d}/reg.csv --target y --layers ''", "--layers"),
        ("train --data {d}/reg.csv --target y --layers dense:x", "dense:x"),
        ("train --data {d}/reg.csv --target y --layers dense:0", "dense:0"),
        ("train --data {d}/reg.csv --target y --layers dense:-3", "dense:-3"),
        ("train --data {d}/reg.csv --target y --layers dense:4611686018427387904", "dense"),
        ("train --data {d}/reg.csv --target y --layers dense:1000000000", "2^28"),
        ("train --data {d}/reg.csv --target y --layers dense:4:nosuchact,dense:1", "nosuchact"),
        ("train --data {d}/reg.csv --target y --layers dropout:1.5,dense:1", "dropout:1.5"),
        ("train --data {d}/reg.csv --target y --layers dropout:-0.1,dense:1", "dropout:-0.1"),
        ("train --data {d}/reg.csv --target y --layers frob:3", "frob"),
        ("train --data {d}/reg.csv --target y --layers dense:4,,dense:1", "--layers"),
        ("train --data {d}/reg.csv --target y --layers conv2d:0:3", "conv2d:0:3"),
        ("train --data {d}/reg.csv --target y --layers conv2d:4:3:relu:0", "STRIDE"),
        ("train --data {d}/reg.csv --target y --layers conv2d:4:3,flatten,dense:1", "conv2d"),
        ("train --data {d}/reg.csv --target y --layers conv2d:4:9,flatten,dense:1 --input-shape 2,1,1", "conv2d"),
        ("train --data {d}/reg.csv --target y --layers maxpool2d:0", "maxpool2d:0"),
        ("train --data {d}/reg.csv --target y --layers zeropad2d:-1", "zeropad2d"),
        ("train --data {d}/reg.csv --target y --layers lstm:0", "lstm:0"),
        ("train --data {d}/reg.csv --target y --layers lstm:4:softmax", "lstm:4:softmax"),
        ("train --data {d}/reg.csv --target y --layers lstm:4,dense:1", "lstm"),
        ("train --data {d}/reg.csv --target y --layers embedding:10", "embedding:10"),
        ("train --data {d}/reg.csv --target y --layers dense:3", "dense:1"),
        ("train --data {d}/good.csv --target diagnosis --drop id --layers dense:1:softmax", "softmax"),
        ("train --data {d}/good.csv --target diagnosis --drop id --layers dense:1:sigmoid --loss categorical_crossentropy", "categorical_crossentropy"),
        ("train --data {d}/good.csv --target diagnosis --drop id --layers dense:5:softmax", "5 units"),
        ("train --data {d}/good.csv --target diagnosis --drop id --layers dense:2:softmax --loss binary_crossentropy", "binary_crossentropy"),
        // train: input shapes
        ("train --data {d}/reg.csv --target y --layers dense:1 --input-shape 3,3", "--input-shape"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --input-shape 0,2", "--input-shape"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --input-shape x", "--input-shape"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --input-shape 4611686018427387904,4", "--input-shape"),
        // train: model configs
        ("train --data {d}/reg.csv --target y --model {d}/nope.json", "nope.json"),
        ("train --data {d}/reg.csv --target y --model {d}/notjson.json", "notjson.json"),
        ("train --data {d}/reg.csv --target y --model {d}/nolayers.json", "nolayers.json"),
        ("train --data {d}/reg.csv --target y --model {d}/badlayer.json", "badlayer.json"),
        ("train --data {d}/reg.csv --target y --model {d}/hugelayer.json", "2^28"),
        ("train --data {d}/reg.csv --target y --model {d}/unknown.json", "Frobnicate"),
        ("train --data {d}/wide1k.csv --target y --task regression --model {d}/hugemodel.json", "GB"),
        ("train --data {d}/reg.csv --target y --model /dev/zero", "/dev/zero"),
        // train: output folders
        ("train --data {d}/reg.csv --target y --layers dense:1 --out {d}", "holds the input"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --out {d}/reg.csv", "--out"),
        // train --images
        ("train --images {d}/pics --layers flatten,dense:2:softmax --epochs 1", "broken.png"),
        ("train --images {d}/onepic --layers flatten,dense:2:softmax --epochs 1", "one class"),
        ("train --images {d}/nopics --layers flatten,dense:2:softmax --epochs 1", "subfolder"),
        ("train --images {d}/txtpics --layers flatten,dense:2:softmax --epochs 1", "no image files"),
        ("train --images {d}/mixed --layers flatten,dense:2:softmax --epochs 1", "image size"),
        ("train --images {d}/nope --layers flatten,dense:2:softmax", "nope"),
        ("train --images {d}/pics --image-size 0,4 --layers flatten,dense:2:softmax", "--image-size"),
        ("train --images {d}/pics --image-size 4 --layers flatten,dense:2:softmax", "--image-size"),
        ("train --images {d}/pics --color-mode sepia --layers flatten,dense:2:softmax", "--color-mode"),
        ("train --images {d}/pics --validation-split 1.5 --layers flatten,dense:2:softmax", "--validation-split"),
        ("train --images {d}/pics --data {d}/good.csv --layers flatten,dense:2:softmax", "--images"),
        ("train --images {d}/mixed --image-size 4,4 --layers flatten,dense:3:softmax", "3 units"),
        ("train --images {d}/mixed --image-size 4,4 --layers randomrotation:2,flatten,dense:2:softmax", "randomrotation:2"),
        ("train --images {d}/mixed --image-size 4,4 --layers resizing:0:2,flatten,dense:2:softmax", "resizing:0:2"),
        ("train --layers dense:1", "--images"),
        // predict
        ("predict --model {d}/run/model.safetensors --images {d}/pics/a/1.png", "preprocessing.json"),
        ("predict --model {d}/run/model.safetensors --data {d}/good.csv --images {d}/pics", "one of the two"),
        ("predict --model {d}/nope.safetensors --data {d}/good.csv", "nope.safetensors"),
        ("predict --model {d}/garbage.safetensors --data {d}/good.csv", "garbage.safetensors"),
        ("predict --model {d}/half.safetensors --data {d}/good.csv", "half.safetensors"),
        ("predict --model {d}/seven.safetensors --data {d}/good.csv", "seven.safetensors"),
        ("predict --model {d}/afolder --data {d}/good.csv", "afolder"),
        ("predict --model /dev/zero --data {d}/good.csv", "/dev/zero"),
        ("predict --model {d}/good.csv --data {d}/good.csv", "good.csv"),
        ("predict --model {d}/run/model.safetensors --data {d}/nope.csv", "nope.csv"),
        ("predict --model {d}/nanrun/model.safetensors --data {d}/good.csv", "must be finite"),
        ("summary {d}/nanrun/model.safetensors", "must be finite"),
        ("predict --model {d}/noclasses/model.safetensors --data {d}/good.csv", "preprocessing.json"),
        ("predict --model {d}/traversal/model.safetensors --data {d}/good.csv", "preprocessing.json"),
        ("predict --model {d}/badtask/model.safetensors --data {d}/good.csv", "guessing"),
        ("predict --model {d}/run/model.safetensors --data {d}/reg.csv", "reg.csv"),
        ("predict --model {d}/run/model.safetensors --data {d}/missing.csv", "missing.csv"),
        ("predict --model {d}/run/model.safetensors --data {d}/good.csv --out {d}/good.csv", "inputs"),
        ("predict --model {d}/run/model.safetensors --data {d}/good.csv --out {d}/afolder", "folder"),
        ("predict --model {d}/run/model.safetensors --data {d}/good.csv --input-shape 9,9,9", "--input-shape"),
        ("predict --model {d}/run/model.safetensors --data {d}/good.csv --input-shape -1", "--input-shape"),
        // summary
        ("summary {d}/nope.safetensors", "nope.safetensors"),
        ("summary {d}/garbage.safetensors", "garbage.safetensors"),
        ("summary {d}/half.safetensors", "half.safetensors"),
        ("summary {d}/afolder", "afolder"),
        ("summary /dev/zero", "/dev/zero"),
        // describe
        ("describe {d}/nope.csv", "nope.csv"),
        ("describe {d}/empty.csv", "empty.csv"),
        ("describe {d}/ragged.csv", "line 3"),
        ("describe {d}/quote.csv", "quote.csv"),
        ("describe /dev/zero", "/dev/zero"),
        ("describe {d}/good.csv --out {d}", "holds the input"),
        // forecast
        ("forecast --data {d}/nope.csv --column v --window 3 --horizon 2", "nope.csv"),
        ("forecast --data {d}/series.csv --column nosuch --window 3 --horizon 2", "nosuch"),
        ("forecast --data {d}/series.csv --column v --window 0 --horizon 2", "--window"),
        ("forecast --data {d}/series.csv --column v --window -3 --horizon 2", "--window"),
        ("forecast --data {d}/series.csv --column v --window 3 --horizon 0", "--horizon"),
        ("forecast --data {d}/series.csv --column v --window 3 --horizon 2 --test-size 0", "--test-size"),
        ("forecast --data {d}/series.csv --column v --window 3 --horizon 2 --test-size 2.5", "--test-size"),
        ("forecast --data {d}/series.csv --column v --window 3 --horizon 2 --epochs 0", "--epochs"),
        ("forecast --data {d}/series.csv --column v --window 3 --horizon 2 --patience -1", "--patience"),
        ("forecast --data {d}/series.csv --column v --window 3 --horizon 2 --season 0", "--season"),
        ("forecast --data {d}/series.csv --column v --window 3 --horizon 2 --scale log", "--scale"),
        ("forecast --data {d}/series.csv --column v --window 40 --horizon 2", "window of 40"),
        ("forecast --data {d}/series.csv --column v --window 3 --horizon 2 --test-size 39", "window"),
        ("forecast --data {d}/series.csv --column DATE --window 3 --horizon 2", "DATE"),
        ("forecast --data {d}/series.csv --column v --window 3 --horizon 2 --layers dense:x", "dense:x"),
        ("forecast --data {d}/series.csv --column v --window 3 --horizon 2 --layers lstm:4,dense:2", "dense:1"),
        ("forecast --data {d}/series.csv --column v --window 3 --horizon 2 --date-column WHEN", "WHEN"),
        ("forecast --data {d}/gap.csv --column v --date-column DATE --window 2 --horizon 1", "gap"),
        ("forecast --data {d}/baddate.csv --column v --date-column DATE --window 2 --horizon 1", "line 3"),
        ("forecast --data {d}/series.csv --column v --window 3 --horizon 2 --out {d}", "holds the input"),
        // examples and demo
        ("examples run nosuch", "nosuch"),
        ("examples run fake_reg --data-dir {d}/nope", "nope"),
        ("examples run fake_reg --data-dir {d}", "fake_reg.csv"),
        ("examples run fake_reg --epochs 0", "--epochs"),
        ("examples run fake_reg --epochs -2", "--epochs"),
        ("examples run mnist --data-dir {d}", "mnist"),
        ("examples run cifar10 --data-dir {d}", "cifar"),
        ("examples run fashion_mnist --data-dir {d}", "fashion"),
        ("examples run house --data-dir {d} --out {d}", "holds the input"),
        // bench
        ("bench nosuch", "nosuch"),
        ("bench gemm --sizes 0", "--sizes"),
        ("bench gemm --sizes -4", "--sizes"),
        ("bench gemm --sizes 100000", "--sizes"),
        ("bench cancer_mlp --epochs 0", "--epochs"),
        ("bench cancer_mlp --data {d}/nope", "nope"),
        ("bench elementwise --elements 0", "--elements"),
        ("bench elementwise --min-seconds -1", "--min-seconds"),
        ("bench csv_read", "--data"),
        ("bench csv_read --data {d}/nope.csv", "nope.csv"),
        ("bench mnist_load --data {d}/nope", "nope"),
        // plot and the command line itself
        ("plot nosuch", "nosuch"),
        ("plot activations --out {d}/good.csv", "--out"),
        ("nosuchcommand", "nosuchcommand"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --nosuchflag", "--nosuchflag"),
        // more of each class
        ("describe {d}/good.csv --out /dev/null", "/dev/null"),
        ("describe {d}/afolder", "afolder"),
        ("forecast --data {d}/header.csv --column y --window 1 --horizon 1", "header.csv"),
        ("forecast --data {d}/text.csv --column b --window 1 --horizon 1", "'b'"),
        ("forecast --data {d}/missing.csv --column b --window 1 --horizon 1", "line 2"),
        ("forecast --data {d}/inf.csv --column b --window 1 --horizon 1", "line 3"),
        ("forecast --data {d}/series.csv --column v --window 99999999999999999999 --horizon 1", "--window"),
        ("predict --model {d}/run/model.safetensors --data {d}/header.csv", "header.csv"),
        ("summary {d}/good.csv", "good.csv"),
        ("summary {d}/seven.safetensors", "seven.safetensors"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --batch-size 99999999999999999999", "--batch-size"),
        ("train --data {d}/reg.csv --target y --layers dense:1 --epochs 99999999999999999999", "--epochs"),
        ("train --data {d}/reg.csv --target y --layers bilstm:0", "bilstm:0"),
        ("train --data {d}/reg.csv --target y --layers gru:4:relu:relu", "gru:4:relu:relu"),
        ("train --data {d}/reg.csv --target y --layers embedding:0:4", "embedding:0:4"),
        ("train --data {d}/good.csv --target diagnosis --drop id --layers dense:1:sigmoid --input-shape 2", "--input-shape"),
        ("examples run sinewave --epochs 0", "--epochs"),
        ("bench sine_lstm --epochs 0", "--epochs"),
        ("bench gemm --sizes x", "--sizes"),
        ("plot activations --png --out /dev/null", "/dev/null"),
    ]

    /// Inputs that are unusual but valid: each must succeed (exit 0) without a trap.
    static let valid: [String] = [
        "describe {d}/extreme.csv --out {d}/out-extreme",
        "describe {d}/header.csv --out {d}/out-header",
        "train --data {d}/dup.csv --target y --layers dense:1:sigmoid --epochs 1 --out {d}/out-dup --quiet",
    ]

    /// Runs the executable with `arguments`; returns (status, stdout, stderr).
    static func run(_ arguments: [String]) throws -> (Int32, String, String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("synapse")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no synapse executable at \(binary.path)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(["SYNAPSE_MEMORY_BYTES": "200000000"]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    /// The command line split as a shell would (single quotes only).
    static func arguments(_ line: String) -> [String] {
        var parts: [String] = [], current = "", quoted = false, any = false
        for c in line.replacingOccurrences(of: "{d}", with: folder) {
            if c == "'" { quoted.toggle(); any = true } else if c == " " && !quoted {
                if any || !current.isEmpty { parts.append(current) }
                current = ""; any = false
            } else { current.append(c) }
        }
        if any || !current.isEmpty { parts.append(current) }
        return parts
    }

    static var inputs: [String: Data] { TransactionTests.snapshot(folder).filter { !$0.key.hasPrefix("run/") && !$0.key.contains("out") } }

    @Test func theCatalogueIsLargeAndCoversEveryCommand() {
        #expect(Self.cases.count >= 150, "\(Self.cases.count) cases")
        for command in ["train", "predict", "summary", "describe", "forecast", "examples", "bench", "plot"] {
            #expect(Self.cases.contains { $0.0.hasPrefix(command + " ") }, "no case for \(command)")
        }
    }

    @Test(arguments: valid) func anUnusualInputStillWorks(_ line: String) throws {
        let (status, _, errors) = try Self.run(Self.arguments(line))
        #expect(status == 0, "\(line): \(errors)")
        #expect(!errors.contains("Fatal error"), "\(line): \(errors)")
    }

    @Test(arguments: cases.indices) func aBadInputIsOneSentence(_ index: Int) throws {
        let (line, named) = Self.cases[index]
        let before = Self.inputs
        defer { for scratch in ["synapse-describe", "synapse-plots", "synapse-train", "synapse-forecast", "synapse-examples"] {
            try? FileManager.default.removeItem(atPath: Self.folder + "/" + scratch)
        } }
        let (status, _, errors) = try Self.run(Self.arguments(line))
        #expect(status != 0, "\(line): exit 0")
        #expect(status < 128, "\(line): killed by signal \(status - 128)")
        for trap in ["Fatal error", "Backtrace", "Stack dump", "Illegal instruction", "Precondition failed", "💣"] {
            #expect(!errors.contains(trap), "\(line): \(errors)")
        }
        let first = errors.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("synapse: ") || first.hasPrefix("Error: "), "\(line): \(errors)")
        #expect(errors.contains(named), "\(line): the message does not name '\(named)': \(errors)")
        #expect(Self.inputs.filter { before.keys.contains($0.key) } == before, "\(line) changed an input file")
    }
}
