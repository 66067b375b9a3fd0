"""A small Python client for octet-server (octet.v1.Inference over gRPC).

Needs Debian's python3-grpcio and python3-protobuf, plus the modules protoc generates from
proto/octet/v1/inference.proto (the build writes them to <build>/python; or run
`protoc --python_out=OUT --grpc_python_out=OUT --plugin=protoc-gen-grpc_python=$(which
grpc_python_plugin) -I proto octet/v1/inference.proto`). Put that directory and this one on
PYTHONPATH:

    from octet_client import OctetClient
    with OctetClient("localhost:50051") as octet:
        print(octet.classify(["the food was great"]).results[0].labels[0].label)
        print(octet.answer("Where is the tower?", "The Eiffel Tower is in Paris.").answers[0].text)

Errors raise grpc.RpcError; `e.code()` is the grpc.StatusCode (INVALID_ARGUMENT, NOT_FOUND,
FAILED_PRECONDITION, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, UNAVAILABLE, ...) and `e.details()`
says which field was wrong.
"""

import grpc

from octet.v1 import inference_pb2 as pb
from octet.v1 import inference_pb2_grpc as pb_grpc

__all__ = ["OctetClient", "pb", "secure_channel"]

_HEALTH_CHECK = "/grpc.health.v1.Health/Check"
_HEALTH_STATUS = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}


def _encode_health_request(service):
    # grpc.health.v1.HealthCheckRequest {string service = 1;}: the grpc package already owns
    # the `grpc` Python namespace, so this one-field message is encoded by hand.
    data = service.encode("utf-8")
    length, varint = len(data), bytearray()
    while True:
        byte = length & 0x7F
        length >>= 7
        varint.append(byte | (0x80 if length else 0))
        if not length:
            break
    return (b"\x0a" + bytes(varint) + data) if data else b""


def _decode_health_response(data):
    # HealthCheckResponse {ServingStatus status = 1;}: absent field = UNKNOWN (0).
    if len(data) >= 2 and data[0] == 0x08:
        return _HEALTH_STATUS.get(data[1], str(data[1]))
    return "UNKNOWN"


def secure_channel(address, root_certificates=None, certificate_chain=None, private_key=None,
                   api_key=None):
    """A TLS channel for OctetClient(channel=...). The arguments are PEM bytes (None: the system
    CAs / no client certificate); `api_key` is sent as `authorization: Bearer <key>` on every
    call, for servers started with --api_key_file."""
    credentials = grpc.ssl_channel_credentials(root_certificates, private_key, certificate_chain)
    if api_key is not None:
        bearer = grpc.metadata_call_credentials(
            lambda context, callback: callback((("authorization", "Bearer " + api_key),), None))
        credentials = grpc.composite_channel_credentials(credentials, bearer)
    return grpc.secure_channel(address, credentials)


class OctetClient:
    """Thin wrapper over the generated stub; every method returns the response message."""

    def __init__(self, address="localhost:50051", timeout=30.0, channel=None):
        self._channel = channel or grpc.insecure_channel(address)
        self._stub = pb_grpc.InferenceStub(self._channel)
        self._health = self._channel.unary_unary(
            _HEALTH_CHECK, request_serializer=lambda b: b, response_deserializer=lambda b: b)
        self.timeout = timeout

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._channel.close()

    def classify(self, texts, model="", text_pairs=None, top_k=0, function=None,
                 truncate=False, timeout=None):
        """Scores texts (or text pairs). `function`: None (the model's default), "softmax",
        "sigmoid" or "none"."""
        request = pb.ClassifyRequest(model=model, texts=list(texts), top_k=top_k,
                                     truncate=truncate)
        if text_pairs is not None:
            request.text_pairs.extend(text_pairs)
        if function is not None:
            request.function = pb.ScoreFunction.Value("SCORE_FUNCTION_" + function.upper())
        return self._stub.Classify(request, timeout=timeout or self.timeout)

    def answer(self, question, context, model="", top_k=None, max_answer_len=None,
               max_seq_len=None, doc_stride=None, max_question_len=None,
               handle_impossible_answer=False, timeout=None):
        """Extractive QA; options left as None take the server's (pipeline) defaults."""
        request = pb.AnswerRequest(model=model, question=question, context=context,
                                   handle_impossible_answer=handle_impossible_answer)
        for name, value in (("top_k", top_k), ("max_answer_len", max_answer_len),
                            ("max_seq_len", max_seq_len), ("doc_stride", doc_stride),
                            ("max_question_len", max_question_len)):
            if value is not None:
                setattr(request, name, value)
        return self._stub.Answer(request, timeout=timeout or self.timeout)

    def tag(self, texts, model="", aggregation_strategy=None, ignore_labels=None,
            keep_all_labels=False, stride=None, timeout=None):
        """Token classification (NER). `aggregation_strategy`: None (the pipeline's default,
        "none"), "none", "simple", "first", "average" or "max"; `ignore_labels`: None for ["O"];
        `stride`: tag texts longer than the model's limit in overlapping windows."""
        request = pb.TagTokensRequest(model=model, texts=list(texts),
                                      keep_all_labels=keep_all_labels)
        if aggregation_strategy is not None:
            request.aggregation_strategy = pb.AggregationStrategy.Value(
                "AGGREGATION_STRATEGY_" + aggregation_strategy.upper())
        if ignore_labels is not None:
            request.ignore_labels.extend(ignore_labels)
        if stride is not None:
            request.stride = stride
        return self._stub.TagTokens(request, timeout=timeout or self.timeout)

    def zero_shot(self, texts, candidate_labels, model="", hypothesis_template=None,
                  multi_label=False, timeout=None):
        """Zero-shot classification with an NLI model; labels come back highest score first."""
        request = pb.ZeroShotClassifyRequest(model=model, texts=list(texts),
                                             candidate_labels=list(candidate_labels),
                                             multi_label=multi_label)
        if hypothesis_template is not None:
            request.hypothesis_template = hypothesis_template
        return self._stub.ZeroShotClassify(request, timeout=timeout or self.timeout)

    def rerank(self, query, texts, model="", top_n=0, raw_scores=False, truncate=False,
               return_text=False, timeout=None):
        """The texts by relevance to `query` (a cross-encoder), best first, with their index."""
        request = pb.RerankRequest(model=model, query=query, texts=list(texts), top_n=top_n,
                                   raw_scores=raw_scores, truncate=truncate,
                                   return_text=return_text)
        return self._stub.Rerank(request, timeout=timeout or self.timeout)

    def tokenize(self, text, text_pair=None, model="", add_special_tokens=True, max_length=0):
        request = pb.TokenizeRequest(model=model, text=text,
                                     add_special_tokens=add_special_tokens,
                                     max_length=max_length)
        if text_pair is not None:
            request.text_pair = text_pair
        return self._stub.Tokenize(request, timeout=self.timeout)

    def list_models(self):
        return self._stub.ListModels(pb.ListModelsRequest(), timeout=self.timeout)

    def get_model(self, name=""):
        return self._stub.GetModel(pb.GetModelRequest(name=name), timeout=self.timeout)

    def health(self, service=""):
        """grpc.health.v1 status of the server ("") or of one model: "SERVING", "NOT_SERVING"."""
        response = self._health(_encode_health_request(service), timeout=self.timeout)
        return _decode_health_response(response)
