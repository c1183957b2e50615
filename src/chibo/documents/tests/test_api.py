"""The registry's JSON API is described in the served OpenAPI schema."""


def test_openapi_schema_lists_every_operation_of_the_registry(commune_a_staff, client_as):
    response = client_as(commune_a_staff).get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    wanted = {
        "/api/documents/documents": {"get", "post"},
        "/api/documents/documents/by-notation": {"get"},
        "/api/documents/documents/{document_id}": {"get"},
        "/api/documents/documents/{document_id}/relations": {"get", "post"},
        "/api/documents/documents/{document_id}/cascade": {"get"},
        "/api/documents/from-text": {"post"},
    }
    for path, methods in wanted.items():
        assert methods <= set(paths.get(path, {})), path
