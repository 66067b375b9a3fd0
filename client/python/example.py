"""Classify and Answer against a running octet-server with the demo models (the README's run
command). Run from the repository root after building:

    PYTHONPATH=build/python:client/python /usr/bin/python3 client/python/example.py [HOST:PORT]
"""

import sys

import grpc

from octet_client import OctetClient


def main():
    address = sys.argv[1] if len(sys.argv) > 1 else "localhost:50051"
    with OctetClient(address) as octet:
        reply = octet.classify(["The pasta was cold and the waiter rude.",
                                "Loved every minute of it!"], model="sentiment")
        for result in reply.results:
            best = result.labels[0]
            print(f"{best.label:<8} {best.score:.4f}  ({result.token_count} tokens)")

        reply = octet.answer("When was the bridge opened?",
                             "The Golden Gate Bridge opened in 1937 and spans the strait at "
                             "San Francisco.", model="qa")
        answer = reply.answers[0]
        print(f"{answer.text!r} [{answer.start}, {answer.end}) score {answer.score:.4f}")

        try:
            octet.classify([], model="sentiment")
        except grpc.RpcError as e:
            print(f"{e.code().name}: {e.details()}")


if __name__ == "__main__":
    main()
