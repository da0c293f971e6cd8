// Queries and mutations go over HTTP with the session cookie (same origin); subscriptions
// over graphql-ws on the same host.
(function () {
  var http = new URL('/graphql', window.location.href).href;
  var ws = http.replace(/^http/, 'ws') + '/ws';
  var fetcher = GraphiQL.createFetcher({ url: http, subscriptionUrl: ws });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true }));
})();
