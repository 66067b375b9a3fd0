"""Calls a real octet-server through the Python client, and checks the README's Python example
(ctest: python_client_test).

Environment: OCTET_SERVER_BINARY (the octet-server to start), OCTET_FIXTURES_DIR
(tests/data/fixtures), PYTHONPATH with the generated octet/v1 modules and this directory.
"""

import ctypes
import os
import re
import signal
import subprocess
import sys
import unittest

import grpc

from octet_client import OctetClient, pb

REFLECTION = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"


def _die_with_parent():
    # prctl(PR_SET_PDEATHSIG, SIGKILL): the server must not outlive a killed test.
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def start_server(models):
    """Starts octet-server on free ports with `models` (NAME=DIR flags); returns (process, port)."""
    server = subprocess.Popen(
        [os.environ["OCTET_SERVER_BINARY"], "--host=127.0.0.1", "--port=0", "--metrics_port=0"]
        + [f"--model={m}" for m in models],
        stdout=subprocess.PIPE, text=True, preexec_fn=_die_with_parent)
    # Reads until the server says it serves (warm-up may take minutes in a sanitizer build on a
    # busy machine; ctest's timeout bounds a hang); stdout ends if the server exits instead.
    port, serving = None, False
    for line in server.stdout:
        m = re.search(r"listening on port (\d+)", line)
        if m:
            port = int(m.group(1))
        if "octet-server: serving" in line:
            serving = True
            break
    assert port and serving, f"octet-server did not start serving (exit code {server.poll()})"
    return server, port


def stop_server(server):
    server.send_signal(signal.SIGTERM)
    code = server.wait(timeout=30)
    server.stdout.close()
    assert code == 0, f"octet-server exited with {code}"


class PythonClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        fixtures = os.environ["OCTET_FIXTURES_DIR"]
        cls.server, port = start_server([f"cls={fixtures}/bert_cls2", f"qa={fixtures}/distil_qa"])
        cls.client = OctetClient(f"127.0.0.1:{port}", timeout=10)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        stop_server(cls.server)

    def test_classify(self):
        r = self.client.classify(["the food was wonderful", "terrible service"], model="cls")
        self.assertEqual(len(r.results), 2)
        for result in r.results:
            self.assertEqual({l.label for l in result.labels}, {"NEGATIVE", "POSITIVE"})
            self.assertAlmostEqual(sum(l.score for l in result.labels), 1.0, places=5)
            self.assertGreaterEqual(result.labels[0].score, result.labels[1].score)
        self.assertGreater(r.timing.inference_ns, 0)
        top = self.client.classify(["good"], top_k=1, function="none")
        self.assertEqual(len(top.results[0].labels), 1)

    def test_answer(self):
        context = "In 2019 Zoë opened a small café called Le Petit Déjeuner in Brno."
        r = self.client.answer("Which café did Zoë open?", context, top_k=2)
        self.assertEqual(r.windows, 1)
        self.assertEqual(len(r.answers), 2)
        for a in r.answers:
            self.assertEqual(a.text, context[a.start:a.end])  # code-point offsets
            self.assertEqual(a.text.encode(), context.encode()[a.byte_start:a.byte_end])
        null = self.client.answer("What is the price?", "It is sunny and warm outside.",
                                  handle_impossible_answer=True)
        self.assertEqual(null.answers[0].text, "")

    def test_models_tokenize_and_health(self):
        models = self.client.list_models()
        self.assertEqual([m.name for m in models.models], ["cls", "qa"])
        self.assertEqual(models.models[1].task, pb.TASK_QUESTION_ANSWERING)
        self.assertTrue(self.client.get_model("cls").model.self_check.ran)
        tokens = self.client.tokenize("Zoë's café", model="qa")
        self.assertEqual(tokens.tokens[0].text, "[CLS]")
        self.assertEqual(self.client.health(), "SERVING")
        self.assertEqual(self.client.health("qa"), "SERVING")

    def test_errors_carry_codes(self):
        with self.assertRaises(grpc.RpcError) as e:
            self.client.classify([""])
        self.assertEqual(e.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("texts[0]", e.exception.details())
        with self.assertRaises(grpc.RpcError) as e:
            self.client.classify(["x"], model="nope")
        self.assertEqual(e.exception.code(), grpc.StatusCode.NOT_FOUND)
        with self.assertRaises(grpc.RpcError) as e:
            self.client.answer("q?", "c.", model="cls")
        self.assertEqual(e.exception.code(), grpc.StatusCode.FAILED_PRECONDITION)

    def test_server_reflection_lists_the_services(self):
        # ServerReflectionRequest {string list_services = 7;} with raw bytes: no generated
        # reflection modules needed, just what grpcurl does first.
        call = self.client._channel.stream_stream(
            REFLECTION, request_serializer=lambda b: b, response_deserializer=lambda b: b)
        responses = list(call(iter([b"\x3a\x00"]), timeout=10))
        self.assertEqual(len(responses), 1)
        self.assertIn(b"octet.v1.Inference", responses[0])
        self.assertIn(b"grpc.health.v1.Health", responses[0])
        # file_containing_symbol (field 4) gives the descriptor of the API's .proto file.
        symbol = b"octet.v1.Inference"
        files = list(call(iter([b"\x22" + bytes([len(symbol)]) + symbol]), timeout=10))
        self.assertIn(b"octet/v1/inference.proto", files[0])
        # The health service too (gRPC's built-in one has no descriptor of its own).
        symbol = b"grpc.health.v1.Health"
        files = list(call(iter([b"\x22" + bytes([len(symbol)]) + symbol]), timeout=10))
        self.assertIn(b"grpc/health/v1/health.proto", files[0])
        self.assertNotIn(b"not found", files[0].lower())


class PythonTasksTest(unittest.TestCase):
    """tag, zero_shot and rerank against the NER, NLI and cross-encoder fixtures."""

    @classmethod
    def setUpClass(cls):
        fixtures = os.environ["OCTET_FIXTURES_DIR"]
        cls.server, port = start_server([f"ner={fixtures}/bert_ner", f"nli={fixtures}/bert_nli",
                                         f"rerank={fixtures}/bert_rerank"])
        cls.client = OctetClient(f"127.0.0.1:{port}", timeout=10)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        stop_server(cls.server)

    def test_tag(self):
        text = "John Smith lives in Paris and works for the United Nations."
        r = self.client.tag([text], aggregation_strategy="first")
        entities = r.results[0].entities
        self.assertGreater(len(entities), 0)
        for e in entities:
            self.assertIn(e.entity_group, {"PER", "LOC", "ORG", "MISC"})
            self.assertEqual(e.word, text[e.start:e.end].lower())  # whole words, uncased model
        everything = self.client.tag([text], aggregation_strategy="first", keep_all_labels=True)
        self.assertGreaterEqual(len(everything.results[0].entities), len(entities))
        fewer = self.client.tag([text], aggregation_strategy="first",
                                ignore_labels=["O", entities[0].entity_group])
        self.assertLess(len(fewer.results[0].entities), len(entities))
        tokens = self.client.tag([text])  # aggregation none: one entity per token
        self.assertTrue(all(e.entity and e.index > 0 for e in tokens.results[0].entities))
        self.assertEqual(self.client.list_models().models[0].task, pb.TASK_TOKEN_CLASSIFICATION)

    def test_zero_shot(self):
        labels = ["sports", "politics", "music"]
        r = self.client.zero_shot(["The team won the match."], labels, model="nli")
        got = r.results[0].labels
        self.assertEqual(sorted(l.label for l in got), sorted(labels))
        self.assertAlmostEqual(sum(l.score for l in got), 1.0, places=5)
        self.assertGreaterEqual(got[0].score, got[-1].score)
        multi = self.client.zero_shot(["The team won the match."], labels, model="nli", multi_label=True,
                                      hypothesis_template="This text is about {}.")
        self.assertEqual(len(multi.results[0].labels), 3)
        with self.assertRaises(grpc.RpcError) as e:
            self.client.zero_shot(["x"], labels, model="rerank")
        self.assertEqual(e.exception.code(), grpc.StatusCode.FAILED_PRECONDITION)

    def test_rerank(self):
        texts = ["The tower is in Paris.", "Eleven players.", "The sky is blue."]
        r = self.client.rerank("Where is the tower?", texts, model="rerank", return_text=True, top_n=2)
        self.assertEqual(len(r.ranks), 2)
        self.assertGreaterEqual(r.ranks[0].score, r.ranks[1].score)
        for rank in r.ranks:
            self.assertEqual(rank.text, texts[rank.index])
            self.assertTrue(0.0 < rank.score < 1.0)
        with self.assertRaises(grpc.RpcError) as e:
            self.client.rerank("", texts, model="rerank")
        self.assertEqual(e.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("query", e.exception.details())


class ReadmeExampleTest(unittest.TestCase):
    """client/python/example.py against the demo models prints what the README shows."""

    EXAMPLE = "client/python/example.py"

    def readme_output(self):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            lines = f.read().splitlines()
        start = next(i for i, l in enumerate(lines) if l.startswith("$ ") and self.EXAMPLE in l)
        end = lines.index("```", start)
        return lines[start + 1:end]

    def test_example_prints_what_the_readme_shows(self):
        models = os.path.join(ROOT, "deploy", "models")
        server, port = start_server([f"sentiment={models}/sentiment", f"sentiment-roberta={models}/sentiment-roberta",
                                      f"qa={models}/qa"])
        try:
            run = subprocess.run(
                [sys.executable, os.path.join(ROOT, self.EXAMPLE), f"127.0.0.1:{port}"],
                capture_output=True, text=True, timeout=60, check=False)
        finally:
            stop_server(server)
        self.assertEqual(run.returncode, 0, run.stderr)
        got, want = run.stdout.splitlines(), self.readme_output()
        self.assertEqual(len(got), len(want), run.stdout)
        number = re.compile(r"\d+\.\d+")
        for g, w in zip(got, want):
            # Words, labels, spans and token counts exactly; scores to the printed precision
            # (one unit of the last digit either way, for a CPU with other int8 kernels).
            self.assertEqual(number.sub("#", g), number.sub("#", w), f"got {g!r}, README {w!r}")
            for a, b in zip(number.findall(g), number.findall(w)):
                self.assertAlmostEqual(float(a), float(b), delta=1.5e-4, msg=f"{g!r} vs {w!r}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
