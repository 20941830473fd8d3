// Generated from the server's OpenAPI document by `npm run api:types` (scripts/apiTypes/).
// Do not edit: change the route's Zod schemas and regenerate. `npm test` fails while this is stale.
/* eslint-disable */
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Up */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Status"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers and every migration is applied */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Status"];
                    };
                };
                /** @description Not ready */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a local account (AUTH_MODE=local); then log in. An email that already has an account gets the same answer, and no new account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SignUp"];
                };
            };
            responses: {
                /** @description Accepted: log in next */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SignUpAccepted"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in to a local account (AUTH_MODE=local) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LogIn"];
                };
            };
            responses: {
                /** @description Logged in */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s users row */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The caller */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete the caller’s account: threads and messages go, votes stay as anonymous votes (the leaderboard does not move) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What was deleted and what was kept */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccountDeletion"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everything the lab holds about the caller, as one JSON document (threads, messages, comparisons, votes, admin actions) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The export */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccountExport"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the caller’s password (local mode); every other session is signed out */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ChangePassword"];
                };
            };
            responses: {
                /** @description A new session for this device */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with the one-time code an admin handed over (local mode); every other session is signed out */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RedeemPasswordReset"];
                };
            };
            responses: {
                /** @description Signed in with the new password */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/local/backup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A backup of the whole database (gzip-compressed JSON lines), for `npx dualmind backup` on this machine: it needs the x-dualmind-local-token header with the token in DATA_DIR/local-api-token, not a user's token */
        get: {
            parameters: {
                query?: never;
                header?: {
                    "x-dualmind-local-token"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The backup file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/gzip": string;
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How to sign in: local accounts, or Supabase Auth with the project URL, anon key and OAuth providers; no sign-in needed */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Sign-in configuration */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuthConfig"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The models users can pick: active, on an enabled provider */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Active models */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PublicModel"][];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The settings the web app needs (sharing, prompt limit, defaults); no sign-in needed */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Settings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PublicSettings"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s threads, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number | null;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Threads */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ThreadSummary"][];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start a thread */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["NewThread"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Thread"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/threads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the caller’s threads with its messages in order */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Thread */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ThreadWithMessages"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a thread and its messages (comparisons and votes stay for the leaderboard) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a thread or change its visibility (unlisted/public need the public_sharing setting) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ThreadPatch"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Thread"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/threads/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Single chat: one model answers, with the thread’s earlier turns as context. SSE with Accept: text/event-stream */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NewMessage"];
                };
            };
            responses: {
                /** @description Server-sent events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["ChatEvent"];
                    };
                };
                /** @description The stored message */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ThreadMessage"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/comparisons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dual chat: one prompt to two models at once. SSE with Accept: text/event-stream */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NewComparison"];
                };
            };
            responses: {
                /** @description Server-sent events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["ChatEvent"];
                    };
                };
                /** @description Both answers, stored */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ComparisonAnswer"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/comparisons/{id}/regenerate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask a side of the thread’s latest battle turn again, or both: a NEW comparison in the same thread, same prompt and pair, the other side kept as it was. Owner only. SSE with Accept: text/event-stream */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Regenerate"];
                };
            };
            responses: {
                /** @description Server-sent events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["ChatEvent"];
                    };
                };
                /** @description Both answers of the new turn, stored */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ComparisonAnswer"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/comparisons/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A stored comparison: its owner, or anyone when its thread is shared */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Comparison */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Comparison"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/comparisons/{id}/vote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The owner’s one vote; reveals the models of an anonymous battle */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        winner: components["schemas"]["Outcome"];
                    };
                };
            };
            responses: {
                /** @description Vote */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VoteAnswer"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/threads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public gallery: newest public threads (empty while public_sharing is off) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    offset?: number | null;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Threads */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PublicThread"][];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shared/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A public or unlisted thread with its messages; no sign-in needed */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Thread */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ThreadWithMessages"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/leaderboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ratings from the votes: Bradley–Terry with bootstrap 95% intervals (bt) or online Elo (elo) */
        get: {
            parameters: {
                query?: {
                    method?: "bt" | "elo";
                    /** @description Only blind votes: anonymous battles whose voter had not seen the pair named, without identity leaks */
                    blind?: "true" | "false";
                    since?: string;
                    mine?: "true" | "false";
                    /** @description A rule category (coding, long_query, multi_turn) or a labeller’s category; see /api/leaderboard/categories */
                    category?: string;
                    /** @description The prompt’s language, ISO 639-1 */
                    language?: string;
                    /** @description Style-controlled Bradley–Terry (FastChat’s): ratings with the effect of answer length, headers, lists and bold taken out; adds style_coefficients */
                    style_control?: "true" | "false";
                    /** @description Whose preferences count: people’s votes (default), the evaluation judges’ verdicts (one per judgment, each order of a pair counted), or both; judge and all take method=bt and since only */
                    source?: "human" | "judge" | "all";
                    /** @description Row order: by rank, or by rating per dollar of an answer (models without a price last) */
                    sort?: "rating" | "rating_per_dollar";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Leaderboard */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Leaderboard"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/leaderboard/matrix": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pairwise win rates (ties left out) and battle counts, models in leaderboard order */
        get: {
            parameters: {
                query?: {
                    /** @description Only blind votes: anonymous battles whose voter had not seen the pair named, without identity leaks */
                    blind?: "true" | "false";
                    since?: string;
                    mine?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Matrices */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WinRateMatrix"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/leaderboard/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every model’s Bradley–Terry rank, rating and votes in every category (overall, rule categories, labelled categories, top languages), as LMArena’s overview */
        get: {
            parameters: {
                query?: {
                    /** @description Only blind votes: anonymous battles whose voter had not seen the pair named, without identity leaks */
                    blind?: "true" | "false";
                    since?: string;
                    mine?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Overview */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CategoryOverview"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prompt-sets/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version as a JSON-lines or CSV file (imports again as the same prompts) */
        get: {
            parameters: {
                query?: {
                    version?: number;
                    format?: "jsonl" | "csv";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": string;
                        "text/csv": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prompt-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s prompt sets (admins: everyone’s with all=true), newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Admins: everyone’s, not just their own */
                    all?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Sets */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PromptSet"][];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** A new prompt set (version 1) from JSON */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreatePromptSet"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PromptSet"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prompt-sets/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new prompt set from a JSON-lines or CSV file, streamed; a bad line is a 400 naming the line and field, and nothing is stored */
        post: {
            parameters: {
                query?: {
                    name?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description JSON lines (`application/x-ndjson`: one `{"prompt", "id"?, "category"?, "reference"?}` per line) or CSV (`text/csv` with a header row naming those columns) */
            requestBody: {
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PromptSet"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prompt-sets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A prompt set: its versions, and a page of the prompts of one version (the newest by default) */
        get: {
            parameters: {
                query?: {
                    version?: number;
                    offset?: number | null;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Set */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PromptSetDetail"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Edit: the prompts given become the next version (earlier versions stay as they were) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdatePromptSet"];
                };
            };
            responses: {
                /** @description The new version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PromptSet"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Delete a set and its versions (409 while evaluations use it) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prompt-sets/{id}/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Edit from a file: its prompts become the next version */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON lines (`application/x-ndjson`: one `{"prompt", "id"?, "category"?, "reference"?}` per line) or CSV (`text/csv` with a header row naming those columns) */
            requestBody: {
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            responses: {
                /** @description The new version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PromptSet"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/judge-prompts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The built-in judge prompt and the caller’s own, with their newest text */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Judge prompts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["JudgePrompt"][];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** A judge prompt of your own (version 1) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["JudgePromptInput"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["JudgePrompt"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/judge-prompts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One judge prompt */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Judge prompt */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["JudgePrompt"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Edit your judge prompt: a changed text is a new version (runs keep the version they used) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["JudgePromptPatch"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["JudgePrompt"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/evaluations/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-sent events: `progress` (the run as GET returns it) every second, and `end` with the results when it stops */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/evaluations/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download: JSON (the run, results and every prompt with answers and verdicts) or CSV (the results table, or one row per judgment) */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "csv";
                    /** @description CSV only: the per-model results table, or one row per judgment */
                    content?: "results" | "judgments";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                        "text/csv": string;
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/evaluations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s evaluations (admins: everyone’s with all=true), newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Admins: everyone’s, not just their own */
                    all?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Runs */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Evaluation"][];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start an evaluation: answers from every model, each pair judged in both orders (queued while the caller has eval_max_running_per_user running) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateEvaluation"];
                };
            };
            responses: {
                /** @description The run with its progress and (once done) results */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EvaluationView"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/evaluations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A run: status, progress per stage with an ETA, and results once done (partial=true: from what is judged so far) */
        get: {
            parameters: {
                query?: {
                    partial?: "true" | "false";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The run with its progress and (once done) results */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EvaluationView"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a run (cancelled first if live); its answers and verdicts stay for reuse */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/evaluations/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause: no new calls start; calls in flight finish and are kept */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The run with its progress and (once done) results */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EvaluationView"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/evaluations/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused (or failed) run where it stopped; failed items are tried again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The run with its progress and (once done) results */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EvaluationView"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/evaluations/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel for good; what was stored stays for other runs to reuse */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The run with its progress and (once done) results */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EvaluationView"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/evaluations/{id}/prompts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Drill-down: prompts in order, each with every answer and both verdicts of each pair with the judge’s reasoning */
        get: {
            parameters: {
                query?: {
                    offset?: number | null;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of prompts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EvaluationPrompts"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API reference, rendered (Swagger UI) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTML page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A file of the rendered reference (Swagger UI’s script and styles) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    file: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/javascript": string;
                        "text/css": string;
                        "image/png": string;
                    };
                };
                /** @description No such file */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users, newest first, searchable by email */
        get: {
            parameters: {
                query?: {
                    query?: string;
                    limit?: number;
                    offset?: number | null;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of users */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UserPage"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an account: threads and messages go, votes stay as anonymous votes (the leaderboard does not move) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What was deleted and what was kept */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccountDeletion"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a user’s role, or disable (tokens stop working, data stays) or enable the account */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UserChange"];
                };
            };
            responses: {
                /** @description The updated user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/users/{id}/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a one-time password reset for a local account (24 h): the code is shown once, for the admin to hand over */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The code */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PasswordReset"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Providers, by priority */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Providers */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Provider"][];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a provider (any name other than groq, bytez and demo is a generic OpenAI-compatible API) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NewProvider"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Provider"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/providers/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a provider and its keys */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Enable, disable or re-prioritise a provider */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ProviderPatch"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Provider"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/providers/{name}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A provider’s API keys with their health (never the key itself) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Keys */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"][];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add an API key; it is stored encrypted and shown only by its mask from then on */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NewApiKey"];
                };
            };
            responses: {
                /** @description Added */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a key */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Re-enable or disable a key, or clear its cooldown */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ApiKeyPatch"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per provider and key: health, calls, failures, last error, cooldown remaining */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Health */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProviderHealth"][];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/providers/{name}/discover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List the models the provider’s API offers (GET {base URL}/models), marking those already registered: at api_url if given, else where its models are called. A stored API key is sent only to the provider’s own hosts */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** Format: uri */
                        api_url?: string;
                    };
                };
            };
            responses: {
                /** @description Models offered upstream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DiscoveredModels"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every model, whatever its status, with its price */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Models */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminModel"][];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Register a model (api_url: the OpenAI-compatible base URL, for generic providers) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NewModel"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Model"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/models/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a model that has no comparisons or votes */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Edit a model; status active / inactive / deprecated (only active models are offered) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ModelPatch"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Model"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/models/{id}/price": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a model’s price per million input and output tokens (currency: ISO 4217, USD by default) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NewModelPrice"];
                };
            };
            responses: {
                /** @description The price */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelPrice"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Clear a model’s price: its cost is then unknown */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Cleared */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every system setting; known ones carry a description */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Settings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Setting"][];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/settings/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a setting; known keys are validated (booleans "true"/"false", numbers, model ids), others stored as text */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        value: string | number | boolean;
                    };
                };
            };
            responses: {
                /** @description Stored */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Setting"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/export/battles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every vote as JSON lines in FastChat’s battle format (model_a, model_b, winner, tstamp, anony), for LMArena’s notebooks */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description application/x-ndjson */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": string;
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/import/battles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Load battles in the same format (one JSON object per line, application/x-ndjson); unknown models are created inactive */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What was imported */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BattleImport"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/leaderboard/excluded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Votes a hygiene rule leaves out of the ratings (identity_leak: out of the blind set only), newest first */
        get: {
            parameters: {
                query?: {
                    reason?: "failed" | "identity_leak" | "duplicate" | "daily_cap";
                    limit?: number;
                    offset?: number | null;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of excluded votes */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ExcludedVotes"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/labeller": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The labeller model’s progress per category: labelled, pending, failed */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Progress */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LabellerProgress"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/invites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sign-up invites, newest first (their codes are not kept) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Invites */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Invite"][];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Make an invite code for invite-only sign-up (setting signup_invite_only); the code is in this answer only */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["NewInvite"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedInvite"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/invites/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an invite (kept, marked revoked) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Invite"];
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The admin audit log, newest first; filter by actor (user id or part of the email), action (or its prefix) and time */
        get: {
            parameters: {
                query?: {
                    actor?: string;
                    action?: string;
                    since?: string;
                    until?: string;
                    limit?: number;
                    offset?: number | null;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: components["schemas"]["AuditEntry"][];
                            total: number;
                        };
                    };
                };
                /** @description Error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Status: {
            /** @enum {string} */
            status: "ok";
        };
        SignUpAccepted: {
            /** @example Sign in with this email and password to continue. */
            message: string;
        };
        /**
         * @example {
         *       "error": {
         *         "code": "bad_request",
         *         "message": "email: Invalid email address"
         *       }
         *     }
         */
        Error: {
            error: {
                code: string;
                message: string;
            };
        };
        SignUp: {
            email: string;
            password: string;
            full_name?: string;
            /** @description Needed while the signup_invite_only setting is on */
            invite_code?: string;
        };
        Session: {
            access_token: string;
            /** @enum {string} */
            token_type: "bearer";
            expires_in: number;
            user: components["schemas"]["User"];
        };
        User: {
            /** Format: uuid */
            user_id: string;
            full_name: string | null;
            email: string | null;
            role: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            last_login_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            disabled_at: string | null;
        };
        LogIn: {
            email: string;
            password: string;
        };
        AccountExport: {
            /** @enum {string} */
            format: "dualmind-account-export";
            /** @enum {number} */
            version: 1;
            exported_at: string;
            user: components["schemas"]["User"];
            local_account: {
                email: string;
                /**
                 * Format: date-time
                 * @example 2026-11-25T10:00:00.000Z
                 */
                created_at: string | null;
                /**
                 * Format: date-time
                 * @example 2026-11-25T10:00:00.000Z
                 */
                updated_at: string | null;
            } | null;
            threads: {
                [key: string]: unknown;
            }[];
            messages: {
                [key: string]: unknown;
            }[];
            comparisons: {
                [key: string]: unknown;
            }[];
            votes: {
                [key: string]: unknown;
            }[];
            admin_actions: {
                [key: string]: unknown;
            }[];
        };
        AccountDeletion: {
            /** Format: uuid */
            user_id: string;
            email: string | null;
            threads: number;
            messages: number;
            comparisons_deleted: number;
            comparisons_kept: number;
            votes_kept: number;
        };
        ChangePassword: {
            current_password: string;
            new_password: string;
        };
        RedeemPasswordReset: {
            code: string;
            new_password: string;
        };
        AuthConfig: {
            /** @enum {string} */
            mode: "local" | "supabase";
            supabase: components["schemas"]["SupabaseAuthConfig"] | null;
        };
        SupabaseAuthConfig: {
            /** @example https://abcd.supabase.co */
            url: string;
            /** @description The project’s public anon (publishable) key; row-level security keeps it away from the tables */
            anon_key: string;
            oauth_providers: ("apple" | "azure" | "bitbucket" | "discord" | "facebook" | "figma" | "fly" | "github" | "gitlab" | "google" | "kakao" | "keycloak" | "linkedin" | "linkedin_oidc" | "notion" | "slack" | "slack_oidc" | "spotify" | "twitch" | "twitter" | "workos" | "x" | "zoom")[];
        };
        PublicModel: {
            /** Format: uuid */
            model_id: string;
            model_name: string;
            provider_name: string | null;
            description: string | null;
            status: string | null;
            /** @description Offline demo model with canned answers */
            is_demo: boolean;
        };
        PublicSettings: {
            public_sharing: boolean;
            max_prompt_chars: number;
            anonymous_battles_enabled: boolean;
            signup_enabled: boolean;
            /** @description Sign-up needs an invite_code */
            signup_invite_only: boolean;
            default_model1: string | null;
            default_model2: string | null;
        };
        ThreadSummary: components["schemas"]["Thread"] & {
            /**
             * @description battle: it holds arena turns (open it in the arena); chat: single-model turns
             * @enum {string}
             */
            kind: "battle" | "chat";
            /** @description The start of its first prompt */
            preview: string | null;
        };
        Thread: {
            /** Format: uuid */
            thread_id: string;
            /** Format: uuid */
            user_id: string | null;
            title: string | null;
            visibility: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
        };
        NewThread: {
            title?: string;
            visibility?: components["schemas"]["Visibility"];
        };
        /** @enum {string} */
        Visibility: "private" | "unlisted" | "public";
        ThreadWithMessages: components["schemas"]["Thread"] & {
            messages: components["schemas"]["ThreadMessage"][];
        };
        ThreadMessage: {
            /** Format: uuid */
            message_id: string;
            /** Format: uuid */
            thread_id: string;
            prompt_text: string | null;
            /** Format: uuid */
            model1_id: string | null;
            /** Format: uuid */
            model2_id: string | null;
            model1: components["schemas"]["ModelRef"] | null;
            model2: components["schemas"]["ModelRef"] | null;
            model1_response: string | null;
            model2_response: string | null;
            model1_time_ms: number | null;
            model2_time_ms: number | null;
            model1_error: components["schemas"]["SideError"] | null;
            model2_error: components["schemas"]["SideError"] | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
            /** Format: uuid */
            comparison_id: string | null;
            /** @description A battle turn’s mode; null for a single-model turn */
            mode: components["schemas"]["BattleMode"] | null;
            /** @description An anonymous battle not yet voted on: model ids are withheld */
            models_hidden: boolean;
            /** @description The vote on this turn’s comparison, if any */
            vote_outcome: string | null;
            /** @description A battle turn’s figures for side A (time to first token, tokens, speed, cost) */
            model1_stats: components["schemas"]["AnswerStats"] | null;
            model2_stats: components["schemas"]["AnswerStats"] | null;
        };
        ModelRef: {
            /** Format: uuid */
            model_id: string;
            model_name: string;
            provider_name: string | null;
            is_demo: boolean;
        };
        SideError: {
            category: string;
            message: string;
        };
        /** @enum {string} */
        BattleMode: "named" | "anonymous";
        AnswerStats: {
            /** @description From the start of the turn to the answer’s first text */
            ttft_ms: number | null;
            output_tokens: number | null;
            /** @description Output tokens per second while the answer streamed (after its first text), as the leaderboard counts them */
            tokens_per_second: number | null;
            /** @description Input and output tokens at the model’s price; null without a price, and while an anonymous battle hides its models (a price names a model) */
            cost: number | null;
            currency: string | null;
        };
        ThreadPatch: {
            title?: string;
            visibility?: components["schemas"]["Visibility"];
        };
        /** @description A text/event-stream of these: each arrives as `event: <event>` and `data: <data as JSON>`; meta first, end (or an error without a side) last */
        ChatEvent: {
            /** @enum {string} */
            event: "meta";
            data: components["schemas"]["MetaEvent"];
        } | {
            /** @enum {string} */
            event: "delta";
            data: components["schemas"]["DeltaEvent"];
        } | {
            /** @enum {string} */
            event: "done";
            data: components["schemas"]["DoneEvent"];
        } | {
            /** @enum {string} */
            event: "error";
            data: components["schemas"]["ErrorEvent"];
        } | {
            /** @enum {string} */
            event: "end";
            data: components["schemas"]["EndEvent"];
        };
        /** @description comparison_id, mode and model2 come with dual chats only */
        MetaEvent: {
            /** Format: uuid */
            comparison_id?: string;
            /** Format: uuid */
            message_id: string;
            /** Format: uuid */
            thread_id: string;
            mode?: components["schemas"]["BattleMode"];
            /** @description null while an anonymous battle hides its models */
            model1: components["schemas"]["ModelRef"] | null;
            model2?: components["schemas"]["ModelRef"] | null;
        };
        DeltaEvent: {
            side: components["schemas"]["Side"];
            text: string;
        };
        /** @enum {string} */
        Side: "model1" | "model2";
        DoneEvent: {
            side: components["schemas"]["Side"];
            time_ms: number;
            stats?: components["schemas"]["AnswerStats"];
        };
        ErrorEvent: components["schemas"]["SideError"] & {
            side?: components["schemas"]["Side"] & unknown;
            /** @description When the side could be tried again: every key of its model was cooling down (unavailable, rate_limit, quota) */
            retry_after_ms?: number;
        };
        EndEvent: {
            /** Format: uuid */
            comparison_id?: string;
            /** @description null when a single chat produced no text and nothing was stored */
            message_id: string | null;
            /** Format: uuid */
            thread_id: string;
        };
        NewMessage: {
            prompt: string;
            /** Format: uuid */
            model_id: string;
        };
        ComparisonAnswer: {
            /** Format: uuid */
            comparison_id: string;
            /** Format: uuid */
            message_id: string;
            /** Format: uuid */
            thread_id: string;
            mode: components["schemas"]["BattleMode"];
            /** Format: uuid */
            model1_id: string | null;
            /** Format: uuid */
            model2_id: string | null;
            model1_response: string;
            model2_response: string;
            model1_time_ms: number;
            model2_time_ms: number;
            errors?: {
                model1?: components["schemas"]["SideError"];
                model2?: components["schemas"]["SideError"];
            };
        };
        NewComparison: {
            prompt: string;
            /** Format: uuid */
            model1_id?: string;
            /** Format: uuid */
            model2_id?: string;
            /** Format: uuid */
            thread_id?: string;
            mode?: components["schemas"]["BattleMode"];
        };
        Regenerate: {
            /**
             * @description The side to ask again (model1 is A, model2 is B), or both
             * @enum {string}
             */
            side: "model1" | "model2" | "both";
        };
        Comparison: {
            /** Format: uuid */
            comparison_id: string;
            /** Format: uuid */
            user_id: string | null;
            /** Format: uuid */
            thread_id: string | null;
            mode: string;
            prompt_text: string | null;
            /** Format: uuid */
            model1_id: string | null;
            /** Format: uuid */
            model2_id: string | null;
            model1: components["schemas"]["ModelRef"] | null;
            model2: components["schemas"]["ModelRef"] | null;
            model1_response: string | null;
            model2_response: string | null;
            model1_time_ms: number | null;
            model2_time_ms: number | null;
            model1_error: components["schemas"]["SideError"] | null;
            model2_error: components["schemas"]["SideError"] | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
            models_hidden: boolean;
            vote: components["schemas"]["Vote"] | null;
        };
        Vote: {
            /** Format: uuid */
            vote_id: string;
            /** Format: uuid */
            comparison_id: string | null;
            /** Format: uuid */
            winner_model_id: string | null;
            outcome: string | null;
            /** @description Counts as a blind vote: the battle was anonymous and its voter had not seen the pair named before (README: the blind-vote rule) */
            blind: boolean | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
        };
        VoteAnswer: {
            vote: components["schemas"]["Vote"];
            model1: components["schemas"]["ModelRef"] | null;
            model2: components["schemas"]["ModelRef"] | null;
        };
        /** @enum {string} */
        Outcome: "model1" | "model2" | "tie" | "both_bad";
        PublicThread: components["schemas"]["ThreadSummary"] & {
            /** @description The author’s display name (full_name), if they gave one; never an email */
            author: string | null;
            /** @description Names of the models that answered, except those of anonymous battles still unvoted */
            models: string[];
        };
        Leaderboard: {
            /** @enum {string} */
            method: "bt" | "elo";
            /** @description Votes counted, after every filter and exclusion */
            votes: number;
            /** @description The time window applied: the requested `since` rounded down (to the hour within the last two days, to the UTC day before) */
            since: string | null;
            category: string | null;
            language: string | null;
            min_votes_to_rank: number;
            style_control: boolean;
            /**
             * @description Whose preferences were counted: people’s votes, evaluation judges’ verdicts, or both
             * @enum {string}
             */
            source: "human" | "judge" | "all";
            style_coefficients: components["schemas"]["StyleCoefficients"];
            excluded: components["schemas"]["LeaderboardExclusions"];
            computed_at: string;
            models: components["schemas"]["LeaderboardRow"][];
        };
        /** @description With style_control: how much each style feature of an answer moves the log-odds of winning, per standard deviation of (a−b)/(a+b+1) over the battles in the fit (length = output tokens without code, header, list = list items, bold), with its 95% interval. Positive: voters favour more of it. */
        StyleCoefficients: {
            length: components["schemas"]["Interval"];
            header: components["schemas"]["Interval"];
            list: components["schemas"]["Interval"];
            bold: components["schemas"]["Interval"];
        } | null;
        Interval: {
            value: number;
            ci_lower: number;
            ci_upper: number;
        };
        /** @description Votes matching the filters that are left out of the ratings, by reason (their rows stay): failed (a side failed, was cut off or came back empty), identity_leak (an answer named a model or its maker: out of the blind set), duplicate (a prompt asked far more often than others, sampled down), daily_cap (beyond the per-user daily cap), demo (votes on the offline demo models once real models are active) */
        LeaderboardExclusions: {
            failed: number;
            identity_leak: number;
            duplicate: number;
            daily_cap: number;
            demo: number;
        };
        LeaderboardRow: {
            rank: number;
            model_id: string;
            model_name: string;
            provider_name: string | null;
            rating: number;
            ci_lower: number | null;
            ci_upper: number | null;
            votes: number;
            wins: number;
            losses: number;
            ties: number;
            win_rate: number | null;
            avg_time_ms: number | null;
            comparable: boolean;
            /** @description Fewer counted votes than min_votes_to_rank: ranked after every established model */
            preliminary: boolean;
            /** @description Median time to the first text of an answer */
            median_ttft_ms: number | null;
            /** @description Median output tokens per second while an answer streamed */
            output_tokens_per_second: number | null;
            /** @description Mean price of one answer at the model’s price (admin-set); null without a price */
            mean_cost_per_answer: number | null;
            /** @description rating / mean_cost_per_answer */
            rating_per_dollar: number | null;
        };
        WinRateMatrix: {
            models: {
                model_id: string;
                model_name: string;
            }[];
            win_rate: (number | null)[][];
            battles: number[][];
        };
        CategoryOverview: {
            categories: {
                /** @description overall, a rule category, a labelled category, or language:<ISO 639-1> */
                key: string;
                /** @enum {string} */
                kind: "overall" | "rule" | "label" | "language";
                votes: number;
            }[];
            models: {
                model_id: string;
                model_name: string;
                provider_name: string | null;
                /** @description By category key; missing where the model has no votes in the category */
                ranks: {
                    [key: string]: {
                        rank: number;
                        rating: number;
                        votes: number;
                        preliminary: boolean;
                    };
                };
            }[];
        };
        PromptSet: {
            /** Format: uuid */
            prompt_set_id: string;
            /** Format: uuid */
            user_id: string;
            name: string;
            latest_version: number;
            version: number;
            prompt_count: number;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            updated_at: string | null;
        };
        CreatePromptSet: {
            name: string;
            prompts: {
                prompt: string;
                id?: string | number;
                category?: string | null;
                reference?: string | null;
            }[];
        };
        PromptSetDetail: components["schemas"]["PromptSet"] & {
            versions: {
                version: number;
                prompt_count: number;
                /**
                 * Format: date-time
                 * @example 2026-11-25T10:00:00.000Z
                 */
                created_at: string | null;
            }[];
            prompts: components["schemas"]["StoredPrompt"][];
            offset: number;
        };
        StoredPrompt: {
            position: number;
            id: string;
            prompt: string;
            category: string | null;
            reference: string | null;
        };
        /** @description Replaces the prompts: a new version */
        UpdatePromptSet: {
            name?: string;
            prompts: {
                prompt: string;
                id?: string | number;
                category?: string | null;
                reference?: string | null;
            }[];
        };
        JudgePrompt: {
            /** Format: uuid */
            judge_prompt_id: string;
            /** Format: uuid */
            user_id: string | null;
            name: string;
            latest_version: number;
            built_in: boolean;
            system_prompt: string;
            prompt_template: string;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            updated_at: string | null;
        };
        JudgePromptInput: {
            name: string;
            system_prompt: string;
            /** @description Placeholders {question}, {answer_a}, {answer_b} (required) and {reference} */
            prompt_template: string;
        };
        JudgePromptPatch: {
            name?: string;
            system_prompt?: string;
            /** @description Placeholders {question}, {answer_a}, {answer_b} (required) and {reference} */
            prompt_template?: string;
        };
        Evaluation: {
            /** Format: uuid */
            evaluation_id: string;
            /** Format: uuid */
            user_id: string;
            name: string | null;
            /** Format: uuid */
            prompt_set_id: string;
            prompt_set_version: number;
            /** @enum {string} */
            mode: "vs_baseline" | "round_robin";
            model_ids: string[];
            /** Format: uuid */
            baseline_model_id: string | null;
            /** Format: uuid */
            judge_model_id: string;
            /** Format: uuid */
            judge_prompt_id: string;
            judge_prompt_version: number;
            system_prompt: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "paused" | "done" | "failed" | "cancelled";
            attempt: number;
            error: string | null;
            /** @description Every model of the run (the baseline and the judge included), named */
            models: {
                /** Format: uuid */
                model_id: string;
                model_name: string;
                provider_name: string | null;
            }[];
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            started_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            finished_at: string | null;
        };
        EvaluationView: components["schemas"]["Evaluation"] & {
            progress: components["schemas"]["EvaluationProgress"];
            results: components["schemas"]["EvaluationResults"] | null;
        };
        EvaluationProgress: {
            answers: {
                done: number;
                total: number;
                failed: number;
                reused: number;
            };
            judgments: {
                done: number;
                total: number;
                failed: number;
                reused: number;
                unparsed: number;
                /** @description Judgments that cannot be made because an answer failed */
                blocked: number;
            };
            failures: number;
            tokens: {
                input: number;
                output: number;
            };
            /** @description At the models’ prices; items of models without a price count nothing */
            cost: number;
            /** @description Every model that did work has a price */
            cost_complete: boolean;
            elapsed_ms: number;
            eta_ms: number | null;
            /** @description Share of all items that are settled, 0–1 */
            fraction: number;
        };
        EvaluationResults: {
            computed_at: string;
            judge_is_contestant: boolean;
            models: components["schemas"]["EvaluationModelResult"][];
            /** @description Share of pairs whose verdict changed when the answers swapped places */
            position_flip_rate: number | null;
            position_a_rate: number | null;
            pairs_judged_both_orders: number;
            verdicts: {
                parsed: number;
                unparsed: number;
            };
            categories: {
                category: string;
                prompts: number;
                models: {
                    /** Format: uuid */
                    model_id: string;
                    win_rate: number | null;
                    ci_lower: number | null;
                    ci_upper: number | null;
                    judgments: number;
                }[];
            }[];
            human_agreement: {
                pairs: {
                    /** Format: uuid */
                    model_a: string;
                    /** Format: uuid */
                    model_b: string;
                    judge_win_rate: number;
                    human_win_rate: number;
                    human_votes: number;
                    agree: boolean;
                }[];
                agreement_rate: number | null;
            };
            judge: {
                /** Format: uuid */
                model_id: string;
                judgments: number;
                input_tokens: number;
                output_tokens: number;
                cost: number | null;
            };
            /** @description How much each style feature sways the judge: log-odds per standard deviation, with 95% intervals */
            style_coefficients: {
                length?: {
                    value: number;
                    ci_lower: number;
                    ci_upper: number;
                };
                header?: {
                    value: number;
                    ci_lower: number;
                    ci_upper: number;
                };
                list?: {
                    value: number;
                    ci_lower: number;
                    ci_upper: number;
                };
                bold?: {
                    value: number;
                    ci_lower: number;
                    ci_upper: number;
                };
            } | null;
        };
        EvaluationModelResult: {
            /** Format: uuid */
            model_id: string;
            model_name: string;
            provider_name: string | null;
            is_baseline: boolean;
            is_judge: boolean;
            /** @description Arena-Hard score against the baseline (round robin: against all opponents), 0–1 */
            win_rate: number | null;
            ci_lower: number | null;
            ci_upper: number | null;
            judgments: number;
            rating: number | null;
            rating_ci_lower: number | null;
            rating_ci_upper: number | null;
            consistency: {
                wins: number;
                losses: number;
                ties: number;
                win_rate: number | null;
            };
            /** @description Bradley–Terry with the leaderboard’s style control (answer length and markdown held equal) */
            style_rating: number | null;
            style_ci_lower: number | null;
            style_ci_upper: number | null;
            /** @description Style-controlled chance of beating the baseline (vs_baseline runs) */
            style_win_rate: number | null;
            answers: number;
            input_tokens: number;
            output_tokens: number;
            avg_time_ms: number | null;
            cost: number | null;
        };
        CreateEvaluation: {
            /** Format: uuid */
            prompt_set_id: string;
            /** @description Default: the newest version */
            prompt_set_version?: number;
            /** @enum {string} */
            mode: "vs_baseline" | "round_robin";
            model_ids: string[];
            /** Format: uuid */
            baseline_model_id?: string;
            /** Format: uuid */
            judge_model_id: string;
            /**
             * Format: uuid
             * @description Default: the built-in Arena-Hard-style prompt; its newest version is used
             */
            judge_prompt_id?: string;
            name?: string;
            /** @description Given to every answering model; part of what makes answers reusable */
            system_prompt?: string;
        };
        EvaluationPrompts: {
            offset: number;
            total: number;
            prompts: components["schemas"]["EvaluationPrompt"][];
        };
        EvaluationPrompt: {
            position: number;
            id: string;
            category: string | null;
            prompt: string;
            reference: string | null;
            answers: {
                /** Format: uuid */
                model_id: string;
                answer_text: string;
                error: {
                    category: string;
                    message: string;
                } | null;
                input_tokens: number | null;
                output_tokens: number | null;
                time_ms: number | null;
            }[];
            judgments: {
                /**
                 * Format: uuid
                 * @description The model whose answer the judge saw first (position A)
                 */
                first_id: string;
                /** Format: uuid */
                second_id: string;
                /** @enum {string} */
                verdict: "A>>B" | "A>B" | "A=B" | "B>A" | "B>>A" | "unparsed" | "failed";
                judgment_text: string;
                attempts: number;
                error: {
                    category: string;
                    message: string;
                } | null;
            }[];
        };
        UserPage: {
            users: components["schemas"]["User"][];
            total: number;
        };
        UserChange: {
            role?: components["schemas"]["Role"];
            disabled?: boolean;
        };
        /** @enum {string} */
        Role: "user" | "admin";
        PasswordReset: {
            /** @description Shown once: hand it to the user (the web app builds a link from it) */
            code: string;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            expires_at: string | null;
        };
        Provider: {
            provider_name: string;
            display_name: string | null;
            is_enabled: boolean;
            priority: number;
            /** @description A generic provider’s OpenAI-compatible base URL: its models use it when their api_url is empty, and its API keys are sent only to this host (or to its models’ api_url) */
            base_url: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            updated_at: string | null;
        };
        NewProvider: {
            provider_name: string;
            display_name?: string;
            is_enabled?: boolean;
            priority?: number;
            /**
             * Format: uri
             * @example http://localhost:11434/v1
             */
            base_url?: string | null;
        };
        ProviderPatch: {
            display_name?: string | null;
            is_enabled?: boolean;
            priority?: number;
            /**
             * Format: uri
             * @example http://localhost:11434/v1
             */
            base_url?: string | null;
        };
        ApiKey: {
            /** Format: uuid */
            key_id: string;
            provider_name: string;
            display_mask: string | null;
            is_active: boolean;
            failure_count: number;
            total_calls: number;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            last_used_at: string | null;
            last_error_type: string | null;
            last_error_category: string | null;
            /**
             * Format: date-time
             * @description When the last error happened (null: never, or before this was recorded)
             * @example 2026-11-25T10:00:00.000Z
             */
            last_error_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            cooldown_until: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
        };
        NewApiKey: {
            api_key: string;
        };
        ApiKeyPatch: {
            is_active?: boolean;
            /** @enum {boolean} */
            clear_cooldown?: true;
        };
        ProviderHealth: {
            provider: components["schemas"]["Provider"];
            summary: {
                total: number;
                healthy: number;
                failing: number;
                cooling: number;
                inactive: number;
                undecryptable: number;
                calls: number;
            };
            keys: components["schemas"]["KeyHealth"][];
        };
        KeyHealth: components["schemas"]["ApiKey"] & {
            decryptable: boolean;
            /** @enum {string} */
            health: "healthy" | "failing" | "cooling" | "inactive" | "undecryptable";
            cooldown_remaining_ms: number;
        };
        DiscoveredModels: {
            provider_name: string;
            /** @description Where the models were listed (null: the adapter’s own, as for the demo) */
            base_url: string | null;
            /** @description Whether a stored API key went with the request: only to the provider’s base URL, its adapter’s default or its models’ api_url hosts */
            key_sent: boolean;
            models: {
                model_name: string;
                registered: boolean;
            }[];
        };
        AdminModel: components["schemas"]["Model"] & {
            price: components["schemas"]["ModelPrice"] | null;
        };
        ModelPrice: {
            /** Format: uuid */
            model_id: string;
            input_per_million: number;
            output_per_million: number;
            currency: string;
            updated_by: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            updated_at: string | null;
        };
        Model: {
            /** Format: uuid */
            model_id: string;
            model_name: string;
            provider_name: string | null;
            api_url: string | null;
            description: string | null;
            status: string | null;
            created_by: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            updated_at: string | null;
        };
        NewModel: {
            model_name: string;
            provider_name: string;
            /**
             * Format: uri
             * @example http://localhost:11434/v1
             */
            api_url?: string | null;
            description?: string | null;
            status?: components["schemas"]["ModelStatus"];
        };
        /** @enum {string} */
        ModelStatus: "active" | "inactive" | "deprecated";
        ModelPatch: {
            model_name?: string;
            provider_name?: string;
            /**
             * Format: uri
             * @example http://localhost:11434/v1
             */
            api_url?: string | null;
            description?: string | null;
            status?: components["schemas"]["ModelStatus"];
        };
        NewModelPrice: {
            /** @example 0.59 */
            input_per_million: number;
            /** @example 0.59 */
            output_per_million: number;
            /** @example USD */
            currency?: string;
        };
        Setting: {
            key: string;
            value: string | null;
            known: boolean;
            description: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            updated_at: string | null;
        };
        BattleImport: {
            imported: number;
            skipped: number;
            models_created: string[];
            errors: string[];
        };
        ExcludedVotes: {
            votes: components["schemas"]["ExcludedVote"][];
            total: number;
        };
        ExcludedVote: {
            /** Format: uuid */
            vote_id: string;
            /** Format: uuid */
            comparison_id: string | null;
            /** Format: uuid */
            user_id: string | null;
            created_at: string | null;
            model1: {
                model_id: string;
                model_name: string;
            } | null;
            model2: {
                model_id: string;
                model_name: string;
            } | null;
            outcome: string | null;
            blind: boolean;
            /** @enum {string} */
            reason: "failed" | "identity_leak" | "duplicate" | "daily_cap";
        };
        LabellerProgress: {
            /** @description A labeller model is set (setting labeller_model_id) and exists */
            enabled: boolean;
            model: {
                /** Format: uuid */
                model_id: string;
                model_name: string;
            } | null;
            /** @description Why the labeller cannot run although a model is set */
            problem: string | null;
            rate_per_minute: number;
            /** @description Unreadable replies a comparison gets before it counts as failed */
            max_attempts: number;
            categories: {
                /** @enum {string} */
                category: "hard_prompt" | "creative_writing" | "math" | "instruction_following";
                /** @description Listed in the setting labeller_categories */
                enabled: boolean;
                prompt_version: number;
                /** @description Comparisons labelled by the current labeller model and prompt version */
                labelled: number;
                /** @description Of those, the ones in the category */
                in_category: number;
                /** @description Comparisons with a prompt still to be labelled (retrying ones included) */
                pending: number;
                /** @description Pending after unreadable replies, waiting for another try */
                retrying: number;
                /** @description Given up after 3 unreadable replies; a new model or prompt version tries again */
                failed: number;
            }[];
            /** @description What the labeller of the instance that answered is doing */
            instance: {
                /** @enum {string} */
                state: "off" | "model_missing" | "idle" | "labelling" | "waiting_for_key" | "paused";
                paused_until: string | null;
                last_error: string | null;
            };
        };
        Invite: {
            /** Format: uuid */
            invite_id: string;
            note: string | null;
            max_uses: number;
            uses: number;
            /** @enum {string} */
            status: "active" | "used_up" | "expired" | "revoked";
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            expires_at: string | null;
            /** Format: uuid */
            created_by: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            last_used_at: string | null;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            revoked_at: string | null;
        };
        CreatedInvite: components["schemas"]["Invite"] & {
            /** @description Shown once: only its hash is stored */
            code: string;
            /** @example /signup?invite=3q2-7wEBAgMEBQYHCAkKCw */
            signup_path: string;
        };
        NewInvite: {
            /** @description Who it is for; shown to admins only */
            note?: string;
            /** @default 1 */
            max_uses: number;
            /** @default 7 */
            expires_in_days: number;
        };
        AuditEntry: {
            entry_id: string;
            /**
             * Format: date-time
             * @example 2026-11-25T10:00:00.000Z
             */
            created_at: string | null;
            /** Format: uuid */
            actor_id: string | null;
            actor_email: string | null;
            /** @enum {string} */
            actor_kind: "user" | "cli" | "local";
            ip: string | null;
            action: string;
            method: string | null;
            route: string | null;
            target: string | null;
            status: number | null;
            details: {
                [key: string]: unknown;
            };
            request_id: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type Status = components['schemas']['Status'];
export type SignUpAccepted = components['schemas']['SignUpAccepted'];
export type Error = components['schemas']['Error'];
export type SignUp = components['schemas']['SignUp'];
export type Session = components['schemas']['Session'];
export type User = components['schemas']['User'];
export type LogIn = components['schemas']['LogIn'];
export type AccountExport = components['schemas']['AccountExport'];
export type AccountDeletion = components['schemas']['AccountDeletion'];
export type ChangePassword = components['schemas']['ChangePassword'];
export type RedeemPasswordReset = components['schemas']['RedeemPasswordReset'];
export type AuthConfig = components['schemas']['AuthConfig'];
export type SupabaseAuthConfig = components['schemas']['SupabaseAuthConfig'];
export type PublicModel = components['schemas']['PublicModel'];
export type PublicSettings = components['schemas']['PublicSettings'];
export type ThreadSummary = components['schemas']['ThreadSummary'];
export type Thread = components['schemas']['Thread'];
export type NewThread = components['schemas']['NewThread'];
export type Visibility = components['schemas']['Visibility'];
export type ThreadWithMessages = components['schemas']['ThreadWithMessages'];
export type ThreadMessage = components['schemas']['ThreadMessage'];
export type ModelRef = components['schemas']['ModelRef'];
export type SideError = components['schemas']['SideError'];
export type BattleMode = components['schemas']['BattleMode'];
export type AnswerStats = components['schemas']['AnswerStats'];
export type ThreadPatch = components['schemas']['ThreadPatch'];
export type ChatEvent = components['schemas']['ChatEvent'];
export type MetaEvent = components['schemas']['MetaEvent'];
export type DeltaEvent = components['schemas']['DeltaEvent'];
export type Side = components['schemas']['Side'];
export type DoneEvent = components['schemas']['DoneEvent'];
export type ErrorEvent = components['schemas']['ErrorEvent'];
export type EndEvent = components['schemas']['EndEvent'];
export type NewMessage = components['schemas']['NewMessage'];
export type ComparisonAnswer = components['schemas']['ComparisonAnswer'];
export type NewComparison = components['schemas']['NewComparison'];
export type Regenerate = components['schemas']['Regenerate'];
export type Comparison = components['schemas']['Comparison'];
export type Vote = components['schemas']['Vote'];
export type VoteAnswer = components['schemas']['VoteAnswer'];
export type Outcome = components['schemas']['Outcome'];
export type PublicThread = components['schemas']['PublicThread'];
export type Leaderboard = components['schemas']['Leaderboard'];
export type StyleCoefficients = components['schemas']['StyleCoefficients'];
export type Interval = components['schemas']['Interval'];
export type LeaderboardExclusions = components['schemas']['LeaderboardExclusions'];
export type LeaderboardRow = components['schemas']['LeaderboardRow'];
export type WinRateMatrix = components['schemas']['WinRateMatrix'];
export type CategoryOverview = components['schemas']['CategoryOverview'];
export type PromptSet = components['schemas']['PromptSet'];
export type CreatePromptSet = components['schemas']['CreatePromptSet'];
export type PromptSetDetail = components['schemas']['PromptSetDetail'];
export type StoredPrompt = components['schemas']['StoredPrompt'];
export type UpdatePromptSet = components['schemas']['UpdatePromptSet'];
export type JudgePrompt = components['schemas']['JudgePrompt'];
export type JudgePromptInput = components['schemas']['JudgePromptInput'];
export type JudgePromptPatch = components['schemas']['JudgePromptPatch'];
export type Evaluation = components['schemas']['Evaluation'];
export type EvaluationView = components['schemas']['EvaluationView'];
export type EvaluationProgress = components['schemas']['EvaluationProgress'];
export type EvaluationResults = components['schemas']['EvaluationResults'];
export type EvaluationModelResult = components['schemas']['EvaluationModelResult'];
export type CreateEvaluation = components['schemas']['CreateEvaluation'];
export type EvaluationPrompts = components['schemas']['EvaluationPrompts'];
export type EvaluationPrompt = components['schemas']['EvaluationPrompt'];
export type UserPage = components['schemas']['UserPage'];
export type UserChange = components['schemas']['UserChange'];
export type Role = components['schemas']['Role'];
export type PasswordReset = components['schemas']['PasswordReset'];
export type Provider = components['schemas']['Provider'];
export type NewProvider = components['schemas']['NewProvider'];
export type ProviderPatch = components['schemas']['ProviderPatch'];
export type ApiKey = components['schemas']['ApiKey'];
export type NewApiKey = components['schemas']['NewApiKey'];
export type ApiKeyPatch = components['schemas']['ApiKeyPatch'];
export type ProviderHealth = components['schemas']['ProviderHealth'];
export type KeyHealth = components['schemas']['KeyHealth'];
export type DiscoveredModels = components['schemas']['DiscoveredModels'];
export type AdminModel = components['schemas']['AdminModel'];
export type ModelPrice = components['schemas']['ModelPrice'];
export type Model = components['schemas']['Model'];
export type NewModel = components['schemas']['NewModel'];
export type ModelStatus = components['schemas']['ModelStatus'];
export type ModelPatch = components['schemas']['ModelPatch'];
export type NewModelPrice = components['schemas']['NewModelPrice'];
export type Setting = components['schemas']['Setting'];
export type BattleImport = components['schemas']['BattleImport'];
export type ExcludedVotes = components['schemas']['ExcludedVotes'];
export type ExcludedVote = components['schemas']['ExcludedVote'];
export type LabellerProgress = components['schemas']['LabellerProgress'];
export type Invite = components['schemas']['Invite'];
export type CreatedInvite = components['schemas']['CreatedInvite'];
export type NewInvite = components['schemas']['NewInvite'];
export type AuditEntry = components['schemas']['AuditEntry'];
export type $defs = Record<string, never>;
type FlattenedDeepRequired<T> = {
    [K in keyof T]-?: FlattenedDeepRequired<T[K] extends unknown[] | undefined | null ? Extract<T[K], unknown[]>[number] : T[K]>;
};
type ReadonlyArray<T> = [
    Exclude<T, undefined>
] extends [
    unknown[]
] ? Readonly<Exclude<T, undefined>> : Readonly<Exclude<T, undefined>[]>;
export const pathsApiLeaderboardGetParametersQueryMethodValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/leaderboard"]["get"]["parameters"]["query"]["method"]> = ["bt", "elo"];
export const pathsApiLeaderboardGetParametersQueryBlindValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/leaderboard"]["get"]["parameters"]["query"]["blind"]> = ["true", "false"];
export const pathsApiLeaderboardGetParametersQueryMineValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/leaderboard"]["get"]["parameters"]["query"]["mine"]> = ["true", "false"];
export const pathsApiLeaderboardGetParametersQueryStyle_controlValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/leaderboard"]["get"]["parameters"]["query"]["style_control"]> = ["true", "false"];
export const pathsApiLeaderboardGetParametersQuerySourceValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/leaderboard"]["get"]["parameters"]["query"]["source"]> = ["human", "judge", "all"];
export const pathsApiLeaderboardGetParametersQuerySortValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/leaderboard"]["get"]["parameters"]["query"]["sort"]> = ["rating", "rating_per_dollar"];
export const pathsApiLeaderboardMatrixGetParametersQueryBlindValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/leaderboard/matrix"]["get"]["parameters"]["query"]["blind"]> = ["true", "false"];
export const pathsApiLeaderboardMatrixGetParametersQueryMineValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/leaderboard/matrix"]["get"]["parameters"]["query"]["mine"]> = ["true", "false"];
export const pathsApiLeaderboardCategoriesGetParametersQueryBlindValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/leaderboard/categories"]["get"]["parameters"]["query"]["blind"]> = ["true", "false"];
export const pathsApiLeaderboardCategoriesGetParametersQueryMineValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/leaderboard/categories"]["get"]["parameters"]["query"]["mine"]> = ["true", "false"];
export const pathsApiPromptSetsIdExportGetParametersQueryFormatValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/prompt-sets/{id}/export"]["get"]["parameters"]["query"]["format"]> = ["jsonl", "csv"];
export const pathsApiPromptSetsGetParametersQueryAllValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/prompt-sets"]["get"]["parameters"]["query"]["all"]> = ["true", "false"];
export const pathsApiEvaluationsIdExportGetParametersQueryFormatValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/evaluations/{id}/export"]["get"]["parameters"]["query"]["format"]> = ["json", "csv"];
export const pathsApiEvaluationsIdExportGetParametersQueryContentValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/evaluations/{id}/export"]["get"]["parameters"]["query"]["content"]> = ["results", "judgments"];
export const pathsApiEvaluationsGetParametersQueryAllValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/evaluations"]["get"]["parameters"]["query"]["all"]> = ["true", "false"];
export const pathsApiEvaluationsIdGetParametersQueryPartialValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/evaluations/{id}"]["get"]["parameters"]["query"]["partial"]> = ["true", "false"];
export const pathsApiAdminLeaderboardExcludedGetParametersQueryReasonValues: ReadonlyArray<FlattenedDeepRequired<paths>["/api/admin/leaderboard/excluded"]["get"]["parameters"]["query"]["reason"]> = ["failed", "identity_leak", "duplicate", "daily_cap"];
export const statusStatusValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Status"]["status"]> = ["ok"];
export const sessionToken_typeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Session"]["token_type"]> = ["bearer"];
export const accountExportFormatValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["AccountExport"]["format"]> = ["dualmind-account-export"];
export const accountExportVersionValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["AccountExport"]["version"]> = [1];
export const authConfigModeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["AuthConfig"]["mode"]> = ["local", "supabase"];
export const supabaseAuthConfigOauth_providersValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["SupabaseAuthConfig"]["oauth_providers"]> = ["apple", "azure", "bitbucket", "discord", "facebook", "figma", "fly", "github", "gitlab", "google", "kakao", "keycloak", "linkedin", "linkedin_oidc", "notion", "slack", "slack_oidc", "spotify", "twitch", "twitter", "workos", "x", "zoom"];
export const threadSummaryKindValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["ThreadSummary"]["kind"]> = ["battle", "chat"];
export const visibilityValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Visibility"]> = ["private", "unlisted", "public"];
export const battleModeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["BattleMode"]> = ["named", "anonymous"];
export const chatEventOneOf0EventValues: ReadonlyArray<Extract<FlattenedDeepRequired<components>["schemas"]["ChatEvent"], {
    event: unknown;
}>["event"]> = ["meta"];
export const chatEventOneOf1EventValues: ReadonlyArray<Extract<FlattenedDeepRequired<components>["schemas"]["ChatEvent"], {
    event: unknown;
}>["event"]> = ["delta"];
export const chatEventOneOf2EventValues: ReadonlyArray<Extract<FlattenedDeepRequired<components>["schemas"]["ChatEvent"], {
    event: unknown;
}>["event"]> = ["done"];
export const chatEventOneOf3EventValues: ReadonlyArray<Extract<FlattenedDeepRequired<components>["schemas"]["ChatEvent"], {
    event: unknown;
}>["event"]> = ["error"];
export const chatEventOneOf4EventValues: ReadonlyArray<Extract<FlattenedDeepRequired<components>["schemas"]["ChatEvent"], {
    event: unknown;
}>["event"]> = ["end"];
export const sideValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Side"]> = ["model1", "model2"];
export const regenerateSideValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Regenerate"]["side"]> = ["model1", "model2", "both"];
export const outcomeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Outcome"]> = ["model1", "model2", "tie", "both_bad"];
export const leaderboardMethodValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Leaderboard"]["method"]> = ["bt", "elo"];
export const leaderboardSourceValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Leaderboard"]["source"]> = ["human", "judge", "all"];
export const categoryOverviewCategoriesKindValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["CategoryOverview"]["categories"]["kind"]> = ["overall", "rule", "label", "language"];
export const evaluationModeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Evaluation"]["mode"]> = ["vs_baseline", "round_robin"];
export const evaluationStatusValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Evaluation"]["status"]> = ["queued", "running", "paused", "done", "failed", "cancelled"];
export const createEvaluationModeValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["CreateEvaluation"]["mode"]> = ["vs_baseline", "round_robin"];
export const evaluationPromptJudgmentsVerdictValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["EvaluationPrompt"]["judgments"]["verdict"]> = ["A>>B", "A>B", "A=B", "B>A", "B>>A", "unparsed", "failed"];
export const roleValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Role"]> = ["user", "admin"];
export const keyHealthHealthValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["KeyHealth"]["health"]> = ["healthy", "failing", "cooling", "inactive", "undecryptable"];
export const modelStatusValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["ModelStatus"]> = ["active", "inactive", "deprecated"];
export const excludedVoteReasonValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["ExcludedVote"]["reason"]> = ["failed", "identity_leak", "duplicate", "daily_cap"];
export const labellerProgressCategoriesCategoryValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["LabellerProgress"]["categories"]["category"]> = ["hard_prompt", "creative_writing", "math", "instruction_following"];
export const labellerProgressInstanceStateValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["LabellerProgress"]["instance"]["state"]> = ["off", "model_missing", "idle", "labelling", "waiting_for_key", "paused"];
export const inviteStatusValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["Invite"]["status"]> = ["active", "used_up", "expired", "revoked"];
export const auditEntryActor_kindValues: ReadonlyArray<FlattenedDeepRequired<components>["schemas"]["AuditEntry"]["actor_kind"]> = ["user", "cli", "local"];
export type operations = Record<string, never>;
